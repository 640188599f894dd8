package com.lumiku.worker.generation;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.lumiku.worker.scheduling.Suggestions;
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
 * Checks {@code config/generation-queue.yml} ({@code LUMIKU_GENERATION_CONFIG}) before a
 * {@code serve} daemon starts, so a broken file is refused at {@code file:line}: YAML
 * that does not parse, and keys under {@code lumiku.generation} that nothing reads (a
 * typo such as {@code concurency: 4} would otherwise be ignored and the app run with the
 * default). Spring reads the file afterwards and reports a value of the wrong type with
 * its origin. The daemon refuses to start rather than run a queue configured other than
 * written.
 */
public final class GenerationConfigFile {

	private static final List<String> QUEUE_KEYS = List.of("enabled", "listen", "poll-interval", "rescue-interval",
			"completion-batch", "completion-flush", "metrics-interval", "apps");

	private static final List<String> APP_KEYS = List.of("enabled", "handler", "threads", "concurrency", "per-user-cap",
			"scan-width", "claim-batch", "timeout", "lease-margin", "max-attempts", "backoff", "max-backoff");

	private static final List<String> HANDLER_KEYS = List.of("kind", "url", "command", "outputs", "row-query",
			"variables");

	/** Maps whose keys are the operator's own (columns, template variables). */
	private static final Set<String> FREE_MAPS = Set.of("outputs", "variables");

	private final Path file;

	private final List<String> problems = new ArrayList<>();

	private GenerationConfigFile(Path file) {
		this.file = file;
	}

	/**
	 * The file {@code application.yml} imports: {@code LUMIKU_GENERATION_CONFIG} (system
	 * property or environment), else {@code config/generation-queue.yml}.
	 */
	public static Path location() {
		String configured = Optional.ofNullable(System.getProperty("LUMIKU_GENERATION_CONFIG"))
			.or(() -> Optional.ofNullable(System.getenv("LUMIKU_GENERATION_CONFIG")))
			.filter((value) -> !value.isBlank())
			.orElse("config/generation-queue.yml");
		return Path.of(configured);
	}

	/**
	 * Checks the file, if it exists (the import is optional).
	 * @param file the file
	 * @throws IllegalArgumentException listing every problem, each
	 * {@code file:line: what}
	 */
	public static void check(Path file) {
		if (!Files.isRegularFile(file)) {
			return;
		}
		GenerationConfigFile check = new GenerationConfigFile(file);
		check.read();
		if (!check.problems.isEmpty()) {
			throw new IllegalArgumentException("The generation queue configuration is invalid; nothing was started: "
					+ String.join("; ", check.problems));
		}
	}

	private void read() {
		Node root;
		try (Reader reader = Files.newBufferedReader(this.file)) {
			root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
		}
		catch (MarkedYAMLException ex) {
			int line = (ex.getProblemMark() != null) ? ex.getProblemMark().getLine() + 1 : 0;
			String context = (ex.getContext() != null) ? ex.getContext() + ", " : "";
			problem(line, "not valid YAML: " + context + ex.getProblem());
			return;
		}
		catch (YAMLException | IOException ex) {
			problem(0, "cannot read: " + ex.getMessage());
			return;
		}
		Optional.ofNullable(root)
			.flatMap((node) -> child(node, "lumiku"))
			.flatMap((node) -> child(node, "generation"))
			.ifPresent(this::queue);
	}

	private void queue(Node generation) {
		forEachKey(generation, "lumiku.generation", QUEUE_KEYS, (key, value) -> {
			if (key.equals("apps") && value instanceof MappingNode apps) {
				for (NodeTuple app : apps.getValue()) {
					String name = text(app.getKeyNode());
					if (GenerationTable.ofApp(name).isEmpty()) {
						problem(line(app.getKeyNode()), "unknown app 'lumiku.generation.apps." + name + "'"
								+ Suggestions.didYouMean(name, apps()) + "; the apps are " + String.join(", ", apps()));
						continue;
					}
					app(name, app.getValueNode());
				}
			}
		});
	}

	private void app(String app, Node settings) {
		String path = "lumiku.generation.apps." + app;
		forEachKey(settings, path, APP_KEYS, (key, value) -> {
			if (key.equals("handler")) {
				forEachKey(value, path + ".handler", HANDLER_KEYS, (handlerKey, handlerValue) -> {
				});
			}
		});
	}

	private void forEachKey(Node node, String path, List<String> known,
			java.util.function.BiConsumer<String, Node> then) {
		if (!(node instanceof MappingNode mapping)) {
			if (!(node instanceof ScalarNode scalar) || !scalar.getValue().isBlank()) {
				problem(line(node), path + " must be a mapping of keys");
			}
			return;
		}
		for (NodeTuple tuple : mapping.getValue()) {
			String key = text(tuple.getKeyNode());
			Optional<String> canonical = known.stream().filter((name) -> plain(name).equals(plain(key))).findFirst();
			if (canonical.isEmpty()) {
				problem(line(tuple.getKeyNode()), "unknown key '" + key + "' in " + path
						+ Suggestions.didYouMean(key, known) + "; expected one of " + String.join(", ", known));
				continue;
			}
			if (!FREE_MAPS.contains(canonical.get())) {
				then.accept(canonical.get(), tuple.getValueNode());
			}
		}
	}

	private static Optional<Node> child(Node node, String key) {
		if (node instanceof MappingNode mapping) {
			return mapping.getValue()
				.stream()
				.filter((tuple) -> plain(text(tuple.getKeyNode())).equals(key))
				.map(NodeTuple::getValueNode)
				.findFirst();
		}
		return Optional.empty();
	}

	private static List<String> apps() {
		return GenerationTable.ALL.stream().map(GenerationTable::app).toList();
	}

	private static String text(Node node) {
		return (node instanceof ScalarNode scalar) ? scalar.getValue() : String.valueOf(node);
	}

	private static String plain(String key) {
		return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}

	private static int line(Node node) {
		return node.getStartMark().getLine() + 1;
	}

	private void problem(int line, String message) {
		this.problems.add(this.file + ((line > 0) ? ":" + line : "") + ": " + message);
	}

}
