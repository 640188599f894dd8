package com.lumiku.worker.scheduling;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.stream.Stream;

import com.lumiku.worker.run.InvalidJobParametersException;
import com.lumiku.worker.run.JobDescriptor;
import com.lumiku.worker.run.ParameterType;
import org.quartz.CronExpression;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Loads and validates the schedule files of {@code jobs/}: every {@code *.yml} /
 * {@code *.yaml} file, one job each. Every problem of every file is collected and
 * reported together as {@code file:line: what is wrong}.
 *
 * <pre>
 * # jobs/session-cleanup.yml
 * job: session-cleanup          # required; a known job; the file is named &lt;job&gt;.yml or .yaml
 * description: Delete expired sessions in batches
 * cron: "0 *&#47;15 * * * ?"        # required; Quartz cron, seconds first (6 or 7 fields)
 * timeZone: UTC                 # default UTC; any java.time zone id
 * enabled: true                 # default true
 * parameters:                   # validated against the job's declared parameters
 *   batchSize: 5000
 * misfire: fire-once            # skip | fire-once (default) | catch-up
 * catchUpLimit: 3               # with misfire: catch-up only (1..100)
 * overlap: skip                 # skip (default) | queue-one
 * stopAfter: 30m                # a run longer than this is asked to stop; default 1h, at most 365d;
 *                               # 500ms, 30s, 15m, 24h, 30d or ISO-8601
 * </pre>
 *
 * A bulk job's own {@code maxRunTime} parameter (its step completes with rows left) is a
 * different thing from {@code stopAfter} and goes under {@code parameters:}; the schedule
 * key of that name, from before the two were told apart, is refused with the new name.
 *
 * Other files of the directory are ignored. A file's problems are reported in line order;
 * a problem not on one line (unreadable file) has line 0.
 */
public final class JobFileLoader {

	private static final List<String> KEYS = List.of("job", "description", "cron", "timeZone", "enabled", "parameters",
			"misfire", "catchUpLimit", "overlap", "stopAfter");

	/** Schedule keys that were renamed: the old name, and what to write instead. */
	private static final Map<String, String> RENAMED_KEYS = Map.of("maxRunTime",
			"unknown key 'maxRunTime'; did you mean 'stopAfter'? (renamed: a run longer than stopAfter is asked to"
					+ " stop; a bulk job's own maxRunTime, after which its step completes with rows left, goes under"
					+ " parameters:)");

	private static final Map<String, MisfirePolicy> MISFIRE = Map.of("skip", MisfirePolicy.SKIP, "fire-once",
			MisfirePolicy.FIRE_ONCE, "catch-up", MisfirePolicy.CATCH_UP);

	private static final Map<String, OverlapPolicy> OVERLAP = Map.of("skip", OverlapPolicy.SKIP, "queue-one",
			OverlapPolicy.QUEUE_ONE);

	private static final Duration STOP_AFTER_LIMIT = Duration.ofDays(365);

	private final Map<String, JobDescriptor> knownJobs;

	private final boolean requireFutureFires;

	/**
	 * A loader for files about to be applied: a cron that never fires again is refused.
	 * @param knownJobs the jobs by name
	 */
	public JobFileLoader(Map<String, JobDescriptor> knownJobs) {
		this(knownJobs, true);
	}

	private JobFileLoader(Map<String, JobDescriptor> knownJobs, boolean requireFutureFires) {
		this.knownJobs = Map.copyOf(knownJobs);
		this.requireFutureFires = requireFutureFires;
	}

	/**
	 * A loader for files already applied (a process reading the schedules in force): a
	 * cron whose only time has come, a one-off tick firing now, is not an error there.
	 * @param knownJobs the jobs by name
	 * @return the loader
	 */
	public static JobFileLoader forSchedulesInForce(Map<String, JobDescriptor> knownJobs) {
		return new JobFileLoader(knownJobs, false);
	}

	/**
	 * Loads every schedule file of a directory.
	 * @param directory the directory
	 * @return the schedules, sorted by file name
	 * @throws InvalidJobFilesException listing every problem of every file
	 */
	public List<JobSchedule> load(Path directory) {
		if (!Files.isDirectory(directory)) {
			throw new InvalidJobFilesException(List.of(new JobFileProblem(directory.toAbsolutePath(), 0,
					"the jobs directory does not exist (set LUMIKU_JOBS_DIR)")));
		}
		List<Path> files;
		try (Stream<Path> listing = Files.list(directory)) {
			files = listing.filter(JobFileLoader::isScheduleFile).sorted(Comparator.comparing(Path::toString)).toList();
		}
		catch (IOException ex) {
			throw new InvalidJobFilesException(
					List.of(new JobFileProblem(directory.toAbsolutePath(), 0, "cannot list: " + ex.getMessage())));
		}
		List<JobFileProblem> problems = new ArrayList<>();
		List<JobSchedule> schedules = new ArrayList<>();
		Map<String, Path> seen = new HashMap<>();
		for (Path file : files) {
			FileReader reader = new FileReader(file, problems);
			reader.read().ifPresent((schedule) -> {
				Path first = seen.putIfAbsent(schedule.jobName(), file);
				if (first != null) {
					problems.add(new JobFileProblem(file, reader.lineOf("job"), "job '" + schedule.jobName()
							+ "' is already scheduled by " + first.getFileName() + "; keep one file per job"));
				}
				schedules.add(schedule);
			});
		}
		if (!problems.isEmpty()) {
			throw new InvalidJobFilesException(problems);
		}
		return schedules;
	}

	/**
	 * Loads one schedule file.
	 * @param file the file
	 * @return the schedule
	 * @throws InvalidJobFilesException listing its problems
	 */
	public JobSchedule loadFile(Path file) {
		List<JobFileProblem> problems = new ArrayList<>();
		Optional<JobSchedule> schedule = new FileReader(file, problems).read();
		if (!problems.isEmpty() || schedule.isEmpty()) {
			throw new InvalidJobFilesException(problems);
		}
		return schedule.get();
	}

	private static boolean isScheduleFile(Path path) {
		String name = path.getFileName().toString();
		return Files.isRegularFile(path) && (name.endsWith(".yml") || name.endsWith(".yaml"));
	}

	/** Reads one file, adding its problems to a shared list. */
	private final class FileReader {

		private final Path file;

		private final List<JobFileProblem> problems;

		private final Map<String, Node> values = new LinkedHashMap<>();

		private final Map<String, Integer> keyLines = new HashMap<>();

		private final int problemsBefore;

		FileReader(Path file, List<JobFileProblem> problems) {
			this.file = file;
			this.problems = problems;
			this.problemsBefore = problems.size();
		}

		int lineOf(String key) {
			return this.keyLines.getOrDefault(key, 1);
		}

		Optional<JobSchedule> read() {
			Optional<JobSchedule> schedule = readSchedule();
			List<JobFileProblem> own = this.problems.subList(this.problemsBefore, this.problems.size());
			own.sort(Comparator.comparingInt(JobFileProblem::line));
			return schedule;
		}

		private Optional<JobSchedule> readSchedule() {
			Optional<MappingNode> root = compose();
			if (root.isEmpty()) {
				return Optional.empty();
			}
			collectKeys(root.get());
			for (String required : List.of("job", "cron")) {
				if (!this.values.containsKey(required)) {
					problem(1, "missing required key '" + required + "'");
				}
			}
			String job = text("job").orElse(null);
			JobDescriptor descriptor = (job != null) ? descriptor(job) : null;
			ZoneId zone = text("timeZone").map(this::zone).orElse(ZoneId.of("UTC"));
			String cron = text("cron").map((value) -> validCron(value, zone)).orElse(null);
			boolean enabled = text("enabled").map(this::bool).orElse(true);
			MisfirePolicy misfire = this.values.containsKey("misfire")
					? text("misfire").map((value) -> choice("misfire", value, MISFIRE)).orElse(null)
					: MisfirePolicy.FIRE_ONCE;
			int catchUpLimit = catchUpLimit(misfire);
			OverlapPolicy overlap = text("overlap").map((value) -> choice("overlap", value, OVERLAP))
				.orElse(OverlapPolicy.SKIP);
			Duration stopAfter = text("stopAfter").map(this::stopAfter).orElse(Duration.ofHours(1));
			Map<String, String> parameters = parameters(descriptor);
			String description = text("description").orElse("");
			if (this.problems.size() > this.problemsBefore || job == null || cron == null) {
				return Optional.empty();
			}
			return Optional.of(new JobSchedule(job, cron, zone, enabled, parameters, misfire, catchUpLimit, overlap,
					stopAfter, description, this.file));
		}

		private Optional<MappingNode> compose() {
			Node root;
			try (Reader reader = Files.newBufferedReader(this.file)) {
				LoaderOptions options = new LoaderOptions();
				options.setAllowDuplicateKeys(false);
				root = new Yaml(new SafeConstructor(options)).compose(reader);
			}
			catch (MarkedYAMLException ex) {
				int line = (ex.getProblemMark() != null) ? ex.getProblemMark().getLine() + 1 : 0;
				String context = (ex.getContext() != null) ? ex.getContext() + ", " : "";
				// an unclosed quote or bracket is found at the end of the file: say where
				// it began
				int contextLine = (ex.getContextMark() != null && context.startsWith("while scanning"))
						? ex.getContextMark().getLine() + 1 : 0;
				String began = (contextLine > 0 && contextLine != line) ? " (it began at line " + contextLine + ")"
						: "";
				problem(line, "not valid YAML: " + context + ex.getProblem() + began);
				return Optional.empty();
			}
			catch (YAMLException ex) {
				if (ex.getCause() instanceof CharacterCodingException) {
					problem(0, "cannot read: the file is not UTF-8 text; save it as UTF-8");
				}
				else {
					problem(0, "not valid YAML: " + ex.getMessage());
				}
				return Optional.empty();
			}
			catch (IOException ex) {
				problem(0, "cannot read: " + ex.getMessage());
				return Optional.empty();
			}
			if (root == null) {
				problem(1, "the file is empty; expected keys such as job: and cron:");
				return Optional.empty();
			}
			if (!(root instanceof MappingNode mapping)) {
				problem(line(root), "expected a mapping of keys (job:, cron:, ...) at the top level");
				return Optional.empty();
			}
			return Optional.of(mapping);
		}

		private void collectKeys(MappingNode root) {
			for (NodeTuple tuple : root.getValue()) {
				int line = line(tuple.getKeyNode());
				if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
					problem(line, "keys must be plain names");
					continue;
				}
				String key = keyNode.getValue();
				if (RENAMED_KEYS.containsKey(key)) {
					problem(line, RENAMED_KEYS.get(key));
					continue;
				}
				if (!KEYS.contains(key)) {
					problem(line,
							"unknown key '" + key + "'"
									+ Suggestions.nearest(key, KEYS)
										.map((s) -> "; did you mean '" + s + "'?")
										.orElse("; allowed keys: " + String.join(", ", KEYS)));
					continue;
				}
				if (this.keyLines.containsKey(key)) {
					problem(line, "duplicate key '" + key + "' (first at line " + this.keyLines.get(key) + ")");
					continue;
				}
				this.keyLines.put(key, line);
				this.values.put(key, tuple.getValueNode());
			}
		}

		private Optional<String> text(String key) {
			Node node = this.values.get(key);
			if (node == null || key.equals("parameters")) {
				return Optional.empty();
			}
			if (!(node instanceof ScalarNode scalar)) {
				problem(line(node), key + " must be a single value, not a list or mapping");
				return Optional.empty();
			}
			if (scalar.getValue().isBlank() && !key.equals("description")) {
				problem(line(node), key + " has no value");
				return Optional.empty();
			}
			return Optional.of(scalar.getValue().trim());
		}

		private JobDescriptor descriptor(String job) {
			JobDescriptor descriptor = JobFileLoader.this.knownJobs.get(job);
			if (descriptor == null) {
				List<String> known = JobFileLoader.this.knownJobs.keySet().stream().sorted().toList();
				String suggestion = Suggestions.nearest(job, known).map((s) -> " did you mean '" + s + "'?").orElse("");
				problem(lineOf("job"),
						"unknown job '" + job + "';" + suggestion + " known jobs: " + String.join(", ", known));
				return null;
			}
			String fileName = this.file.getFileName().toString();
			if (!fileName.equals(job + ".yml") && !fileName.equals(job + ".yaml")) {
				problem(lineOf("job"),
						"the file of job '" + job + "' must be named " + job + ".yml (or .yaml), not " + fileName);
			}
			return descriptor;
		}

		private String validCron(String cron, ZoneId zone) {
			int fields = cron.split("\\s+").length;
			if (fields == 5) {
				problem(lineOf("cron"), "cron '" + cron
						+ "' has 5 fields; Quartz cron needs 6 or 7 with seconds first, e.g. '0 */15 * * * ?'");
				return null;
			}
			try {
				CronExpression expression = new CronExpression(cron);
				expression.setTimeZone(TimeZone.getTimeZone(zone));
				if (JobFileLoader.this.requireFutureFires && expression.getTimeAfter(new Date()) == null) {
					problem(lineOf("cron"), "cron '" + cron + "' never fires: no future time matches it");
					return null;
				}
				return cron;
			}
			catch (ParseException ex) {
				problem(lineOf("cron"), "invalid cron '" + cron + "': " + ex.getMessage());
				return null;
			}
		}

		private ZoneId zone(String value) {
			try {
				return ZoneId.of(value);
			}
			catch (DateTimeException ex) {
				problem(lineOf("timeZone"), "unknown time zone '" + value + "'; use an id such as UTC or Asia/Jakarta");
				return ZoneId.of("UTC");
			}
		}

		private boolean bool(String value) {
			String lower = value.toLowerCase(Locale.ROOT);
			if (!lower.equals("true") && !lower.equals("false")) {
				problem(lineOf("enabled"), "enabled must be true or false, got '" + value + "'");
				return true;
			}
			return Boolean.parseBoolean(lower);
		}

		private <T> T choice(String key, String value, Map<String, T> choices) {
			T choice = choices.get(value.toLowerCase(Locale.ROOT));
			if (choice == null) {
				List<String> names = choices.keySet().stream().sorted().toList();
				problem(lineOf(key), key + " must be one of " + String.join(", ", names) + "; got '" + value + "'"
						+ Suggestions.didYouMean(value, names));
			}
			return choice;
		}

		private int catchUpLimit(MisfirePolicy misfire) {
			boolean given = this.values.containsKey("catchUpLimit");
			Optional<String> value = text("catchUpLimit");
			if (misfire == null || (given && value.isEmpty())) {
				return 0;
			}
			if (misfire != MisfirePolicy.CATCH_UP) {
				value.ifPresent(
						(v) -> problem(lineOf("catchUpLimit"), "catchUpLimit only applies to misfire: catch-up"));
				return 0;
			}
			if (value.isEmpty()) {
				problem(lineOf("misfire"), "misfire: catch-up needs catchUpLimit (1 to 100)");
				return 0;
			}
			try {
				int limit = Integer.parseInt(value.get());
				if (limit < 1 || limit > 100) {
					throw new NumberFormatException();
				}
				return limit;
			}
			catch (NumberFormatException ex) {
				problem(lineOf("catchUpLimit"),
						"catchUpLimit must be a whole number from 1 to 100, got '" + value.get() + "'");
				return 0;
			}
		}

		private Duration stopAfter(String value) {
			try {
				Duration duration = ParameterType.parseDuration(value);
				if (duration.isZero() || duration.isNegative()) {
					problem(lineOf("stopAfter"), "stopAfter must be more than zero, got '" + value + "'");
				}
				else if (duration.compareTo(STOP_AFTER_LIMIT) > 0) {
					problem(lineOf("stopAfter"), "stopAfter must be at most 365d, got '" + value + "'");
				}
				return duration;
			}
			catch (IllegalArgumentException ex) {
				problem(lineOf("stopAfter"), "stopAfter: " + ex.getMessage());
				return Duration.ofHours(1);
			}
		}

		private Map<String, String> parameters(JobDescriptor descriptor) {
			Node node = this.values.get("parameters");
			Map<String, String> raw = new LinkedHashMap<>();
			Map<String, Integer> lines = new LinkedHashMap<>();
			if (node instanceof MappingNode mapping) {
				for (NodeTuple tuple : mapping.getValue()) {
					parameter(tuple, raw, lines);
				}
			}
			else if (node != null && !(node instanceof ScalarNode scalar && scalar.getValue().isBlank())) {
				problem(line(node), "parameters must be a mapping of name: value");
				return raw;
			}
			validate(descriptor, raw, lines);
			return raw;
		}

		private void parameter(NodeTuple tuple, Map<String, String> raw, Map<String, Integer> lines) {
			int line = line(tuple.getKeyNode());
			if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
				problem(line, "parameter names must be plain names");
				return;
			}
			String name = key.getValue();
			if (lines.containsKey(name)) {
				problem(line, "duplicate parameter '" + name + "' (first at line " + lines.get(name) + ")");
				return;
			}
			lines.put(name, line);
			if (!(tuple.getValueNode() instanceof ScalarNode value)) {
				problem(line, "parameter '" + name + "' must be a single value");
				return;
			}
			raw.put(name, value.getValue());
		}

		private void validate(JobDescriptor descriptor, Map<String, String> raw, Map<String, Integer> lines) {
			if (descriptor == null) {
				return;
			}
			try {
				descriptor.validate(raw);
			}
			catch (InvalidJobParametersException ex) {
				int fallback = this.keyLines.containsKey("parameters") ? lineOf("parameters") : lineOf("job");
				for (String message : ex.problems()) {
					int line = lines.entrySet()
						.stream()
						.filter((entry) -> isAbout(message, entry.getKey()))
						.map(Map.Entry::getValue)
						.findFirst()
						.orElse(fallback);
					problem(line, message);
				}
			}
		}

		/** Whether a message of {@link JobDescriptor#validate} is about a parameter. */
		private static boolean isAbout(String message, String parameter) {
			return message.startsWith("parameter '" + parameter + "'")
					|| message.startsWith("unknown parameter '" + parameter + "'");
		}

		private void problem(int line, String message) {
			this.problems.add(new JobFileProblem(this.file, line, message));
		}

		private static int line(Node node) {
			return node.getStartMark().getLine() + 1;
		}

	}

}
