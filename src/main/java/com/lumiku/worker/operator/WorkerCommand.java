package com.lumiku.worker.operator;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.concurrent.Callable;

import com.lumiku.worker.database.EmbeddedDatabase;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code lumiku-worker} command line. Without a sub-command it runs the daemon.
 *
 * <p>
 * Exit codes: 0 on success; 1 when the command failed (the reason is printed on one line
 * on standard error); 2 when the command line itself is wrong.
 */
@Command(name = "lumiku-worker", mixinStandardHelpOptions = true, versionProvider = WorkerVersion.class,
		description = "Batch and scheduled-job worker for the Lumiku PostgreSQL schema.",
		subcommands = { ServeCommand.class, MigrateCommand.class, SeedDemoCommand.class, JobsCommand.class,
				BenchCommand.class, DbCommand.class, com.lumiku.worker.partition.PartitionsCommand.class,
				com.lumiku.worker.partition.ArchiveCommand.class },
		footer = { "", "Database: LUMIKU_DB_URL, LUMIKU_DB_USER, LUMIKU_DB_PASSWORD name an external PostgreSQL;",
				"without them an embedded PostgreSQL keeps its data in LUMIKU_DATA_DIR (default ./data/postgres)." })
public class WorkerCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		return this.spec.commandLine().getSubcommands().get("serve").execute();
	}

	/**
	 * Runs a command line.
	 * @param args the arguments
	 * @return the process exit code
	 */
	public static int execute(String... args) {
		return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
	}

	/**
	 * Runs a command line, writing to the given streams.
	 * @param out where results go
	 * @param err where errors go
	 * @param args the arguments
	 * @return the process exit code
	 */
	public static int execute(PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = new CommandLine(new WorkerCommand());
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setExecutionExceptionHandler(WorkerCommand::reportFailure);
		commandLine.setExecutionStrategy(WorkerCommand::run);
		return commandLine.execute(args);
	}

	/**
	 * Runs the parsed command. A one-shot command's standard output is its answer alone:
	 * while it runs, what libraries print there (the log's console appender, the embedded
	 * server's start-up lines) goes to standard error, and the embedded server's start-up
	 * is logged only when something is wrong. The command's own writer keeps the real
	 * standard output. The daemon ({@code serve}) logs on standard output as usual.
	 */
	private static int run(CommandLine.ParseResult parseResult) {
		CommandLine.ParseResult command = parseResult;
		while (command.subcommand() != null) {
			command = command.subcommand();
		}
		if (command.commandSpec().userObject() instanceof WorkerCommand
				|| command.commandSpec().userObject() instanceof ServeCommand) {
			return new CommandLine.RunLast().execute(parseResult);
		}
		PrintStream stdout = System.out;
		System.setOut(System.err);
		LoggingSystem logging = LoggingSystem.get(WorkerCommand.class.getClassLoader());
		logging.setLogLevel("io.zonky", LogLevel.WARN);
		logging.setLogLevel(EmbeddedDatabase.class.getName(), LogLevel.WARN);
		try {
			return new CommandLine.RunLast().execute(parseResult);
		}
		finally {
			System.setOut(stdout);
		}
	}

	private static int reportFailure(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
		PrintWriter err = commandLine.getErr();
		err.println(commandLine.getCommandSpec().qualifiedName() + ": " + reason(ex));
		err.flush();
		return 1;
	}

	/**
	 * The most specific reason in a chain of causes: the deepest database error if there
	 * is one (it says what the server refused), otherwise the root cause's message.
	 * @param ex the failure
	 * @return one line
	 */
	static String reason(Throwable ex) {
		String sqlReason = null;
		Throwable root = ex;
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof SQLException && cause.getMessage() != null) {
				sqlReason = cause.getMessage();
			}
			if (cause.getMessage() != null) {
				root = cause;
			}
		}
		String reason = (sqlReason != null) ? sqlReason
				: (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		return ShortText.message((boundProperty(ex) + reason).replaceAll("\\s*\\R\\s*", " ").trim());
	}

	/**
	 * For a configuration value that could not be bound (a word where a number belongs):
	 * where it was written and which property, {@code file:line: name = 'value': }.
	 */
	private static String boundProperty(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof BindException bind && bind.getProperty() != null) {
				ConfigurationProperty property = bind.getProperty();
				String where = (property.getOrigin() != null) ? property.getOrigin() + ": " : "";
				for (Origin origin = property
					.getOrigin(); origin != null; origin = (origin instanceof PropertySourceOrigin source
							&& source.getOrigin() != null) ? source.getOrigin() : origin.getParent()) {
					if (origin instanceof TextResourceOrigin text && text.getLocation() != null) {
						where = resourceName(text) + ":" + (text.getLocation().getLine() + 1) + ": ";
						break;
					}
				}
				return where + property.getName() + " = '" + ShortText.value(String.valueOf(property.getValue()))
						+ "' is not " + bind.getTarget().getType() + ": ";
			}
		}
		return "";
	}

	private static String resourceName(TextResourceOrigin origin) {
		try {
			return (origin.getResource() != null && origin.getResource().isFile())
					? origin.getResource().getFile().getPath() : String.valueOf(origin.getResource());
		}
		catch (java.io.IOException ex) {
			return String.valueOf(origin.getResource());
		}
	}

}
