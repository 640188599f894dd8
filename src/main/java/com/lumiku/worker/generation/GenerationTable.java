package com.lumiku.worker.generation;

import java.util.List;
import java.util.Optional;

/**
 * One of the four generation tables of the Lumiku schema (see
 * docs/lumiku-app.md#generations): what the queue may read and write on it.
 *
 * @param app the app id ({@code looping-flow}); names its configuration and metric tag
 * @param table the table name
 * @param referenceType the credits {@code referenceType} of its refunds
 * @param charged whether the row has {@code creditUsed} (avatar generations are not
 * charged by the app version the worker targets, so never refunded; see
 * docs/lumiku-app.md#generations)
 * @param errorColumn whether the row has {@code errorMessage} (video mixer has none)
 * @param updatedAt whether the row has {@code updatedAt}, which every writer must set
 * @param outputColumns the columns a handler may fill on completion
 */
public record GenerationTable(String app, String table, String referenceType, boolean charged, boolean errorColumn,
		boolean updatedAt, List<String> outputColumns) {

	public static final GenerationTable VIDEO_MIXER = new GenerationTable("video-mixer", "video_mixer_generations",
			"video_mixer_generation", true, false, true, List.of("outputPaths"));

	public static final GenerationTable CAROUSEL_MIX = new GenerationTable("carousel-mix", "carousel_generations",
			"carousel_generation", true, true, false, List.of("outputPath", "outputPaths"));

	public static final GenerationTable LOOPING_FLOW = new GenerationTable("looping-flow", "looping_flow_generations",
			"looping_flow_generation", true, true, false, List.of("outputPath"));

	public static final GenerationTable AVATAR_CREATOR = new GenerationTable("avatar-creator", "avatar_generations",
			"avatar_generation", false, true, false, List.of("avatarId"));

	public static final List<GenerationTable> ALL = List.of(VIDEO_MIXER, CAROUSEL_MIX, LOOPING_FLOW, AVATAR_CREATOR);

	/** The table of an app id. */
	public static Optional<GenerationTable> ofApp(String app) {
		return ALL.stream().filter((table) -> table.app.equals(app)).findFirst();
	}

	/** The table of a table name. */
	public static Optional<GenerationTable> ofTable(String table) {
		return ALL.stream().filter((candidate) -> candidate.table.equals(table)).findFirst();
	}

	/** {@code , "updatedAt" = <utc now>} where the table has that column, else empty. */
	String touchUpdatedAt() {
		return this.updatedAt ? ", \"updatedAt\" = timezone('UTC', now())" : "";
	}

	/** The refunded amount's SQL expression. */
	String creditExpression() {
		return this.charged ? "\"creditUsed\"" : "0";
	}

}
