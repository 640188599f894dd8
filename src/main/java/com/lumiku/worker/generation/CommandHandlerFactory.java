package com.lumiku.worker.generation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code kind: command}: runs a local program with arguments built from the row. Exit 0
 * is success; the outputs are the standard output lines {@code column=value} that name an
 * output column, overridden by the configured {@code outputs} templates. A non-zero exit
 * fails the attempt with the end of its output; the process tree is killed at the
 * timeout.
 */
@Component
class CommandHandlerFactory implements HandlerFactory {

	@Override
	public String kind() {
		return "command";
	}

	@Override
	public GenerationHandler create(AppSettings settings, JdbcTemplate jdbc) {
		if (settings.handler().command().isEmpty()) {
			throw new IllegalArgumentException(
					"lumiku.generation.apps." + settings.app() + ".handler.command is empty: name a program");
		}
		GenerationHandler handler = (generation) -> run(settings, generation,
				HandlerTemplates.values(settings, generation, jdbc));
		List<String> templates = new ArrayList<>(settings.handler().command());
		templates.addAll(settings.handler().outputs().values());
		return HandlerTemplates.readRow(templates) ? handler : GenerationHandler.withoutRow(handler);
	}

	private static Map<String, String> run(AppSettings settings, ClaimedGeneration generation,
			Map<String, String> values) throws IOException, InterruptedException, TimeoutException {
		List<String> command = settings.handler()
			.command()
			.stream()
			.map((argument) -> HandlerTemplates.resolve(argument, values))
			.toList();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		// the output is read on the side so a chatty program never blocks on a full pipe,
		// and in bounded memory however much it prints
		CapturedOutput output = new CapturedOutput(settings.table().outputColumns());
		Thread reader = new Thread(() -> {
			try {
				output.readFrom(process.getInputStream());
			}
			catch (IOException ex) {
				// the process was killed
			}
		}, "lumiku-command-output");
		reader.setDaemon(true);
		reader.start();
		if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw new TimeoutException(command.get(0) + " ran longer than " + settings.timeout() + "; killed");
		}
		reader.join(5_000);
		if (process.exitValue() != 0) {
			throw new IllegalStateException(
					command.get(0) + " exited with code " + process.exitValue() + ": " + output.tail(500));
		}
		Map<String, String> outputs = output.outputs();
		// the configured outputs win: they say how the app stores the value
		settings.handler()
			.outputs()
			.forEach((column, template) -> outputs.put(column, HandlerTemplates.resolve(template, values)));
		return outputs;
	}

}
