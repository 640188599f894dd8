package com.lumiku.worker.operator;

import com.lumiku.worker.bench.BenchCommand;

import picocli.CommandLine.Command;

/**
 * {@code bench}: the benchmarks (commands that print tables, never part of the tests).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = { BenchCommand.class },
		description = "Benchmarks that print a table of figures against a baseline run side by side.")
class BenchCommands {

}
