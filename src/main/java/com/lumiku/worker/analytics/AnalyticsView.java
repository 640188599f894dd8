package com.lumiku.worker.analytics;

import java.util.Arrays;
import java.util.List;

/**
 * The four analytics, each kept two ways (migrations V40 and V41): a materialized view
 * {@code lumiku_worker.mv_<name>} refreshed whole, and a summary table
 * {@code lumiku_worker.<name>} whose dirty keys ({@code analytics_dirty_<name>}, written
 * by the source tables' triggers) are recomputed from the sources by {@link SummarySql}.
 * The definition both must equal is the plain view {@code lumiku_worker.v_<name>}.
 */
enum AnalyticsView {

	/** Daily usage per user and app: generations by status, credits, quota used. */
	DAILY_USAGE("daily_usage", List.of("day", "user_id"), List.of("day", "user_id", "app"),
			List.of("generations", "pending", "processing", "completed", "failed", "cancelled", "credits_spent",
					"credits_refunded", "quota_used"),
			DailyUsageSql.KEYED),

	/** Model popularity per day ({@code model_usages}). */
	MODEL_POPULARITY_DAILY("model_popularity_daily", List.of("day", "app_id", "model_key"),
			List.of("day", "app_id", "model_key"), List.of("usages", "users", "credits_used", "quota_used"), """
					SELECT k.day, k.app_id, k.model_key,
					       count(*)::bigint AS usages,
					       count(DISTINCT m."userId")::bigint AS users,
					       sum(coalesce(m."creditUsed", 0))::bigint AS credits_used,
					       sum(coalesce(m."quotaUsed", 0))::bigint AS quota_used
					FROM keys k JOIN public.model_usages m
					  ON m."modelKey" = k.model_key AND m."createdAt" >= k.day AND m."createdAt" < k.day + 1
					 AND m."appId" = k.app_id
					GROUP BY k.day, k.app_id, k.model_key"""),

	/** Revenue per day: successful payments by the day they were created. */
	REVENUE_DAILY("revenue_daily", List.of("day"), List.of("day"),
			List.of("payments", "payers", "amount", "credits_sold"), """
					SELECT k.day,
					       count(*)::bigint AS payments,
					       count(DISTINCT p."userId")::bigint AS payers,
					       sum(p.amount::numeric) AS amount,
					       sum(p."creditAmount")::bigint AS credits_sold
					FROM keys k JOIN public.payments p
					  ON p."createdAt" >= k.day AND p."createdAt" < k.day + 1
					WHERE p.status = 'success'
					GROUP BY k.day"""),

	/** Quota utilisation per period (a daily period is its UTC date). */
	QUOTA_UTILISATION_DAILY("quota_utilisation_daily", List.of("quota_type", "period"), List.of("quota_type", "period"),
			List.of("users", "used", "quota_limit", "utilisation", "users_at_limit"), """
					SELECT k.quota_type, k.period,
					       count(*)::bigint AS users,
					       sum(q."usageCount")::bigint AS used,
					       sum(q."quotaLimit")::bigint AS quota_limit,
					       round(sum(q."usageCount")::numeric / nullif(sum(q."quotaLimit"), 0), 4) AS utilisation,
					       count(*) FILTER (WHERE q."usageCount" >= q."quotaLimit")::bigint AS users_at_limit
					FROM keys k JOIN public.quota_usages q ON q."quotaType" = k.quota_type AND q.period = k.period
					GROUP BY k.quota_type, k.period""");

	private final String summary;

	private final List<String> dirtyKeys;

	private final List<String> keys;

	private final List<String> measures;

	private final String keyedSelect;

	AnalyticsView(String summary, List<String> dirtyKeys, List<String> keys, List<String> measures,
			String keyedSelect) {
		this.summary = summary;
		this.dirtyKeys = dirtyKeys;
		this.keys = keys;
		this.measures = measures;
		this.keyedSelect = keyedSelect;
	}

	/** The summary table's name, also the view's name in parameters and metrics. */
	String summary() {
		return this.summary;
	}

	/** The materialized view's name ({@code mv_<name>}). */
	String materializedView() {
		return "mv_" + this.summary;
	}

	String dirtyTable() {
		return "analytics_dirty_" + this.summary;
	}

	List<String> dirtyKeys() {
		return this.dirtyKeys;
	}

	List<String> keys() {
		return this.keys;
	}

	/** The columns besides the key. */
	List<String> measures() {
		return this.measures;
	}

	/**
	 * The view's rows for the keys of a CTE named {@code keys} (its {@link #dirtyKeys}),
	 * computed from the source tables by index ranges.
	 */
	String keyedSelect() {
		return this.keyedSelect;
	}

	/**
	 * The views of the names an {@code analytics-refresh} run chose.
	 * @param names summary names ({@link #names()}), checked by the parameter's type
	 * @return the views, in declaration order
	 */
	static List<AnalyticsView> named(List<String> names) {
		return Arrays.stream(values()).filter((view) -> names.contains(view.summary)).toList();
	}

	/**
	 * Every view's name, in declaration order: the words of the {@code views} parameter.
	 */
	static List<String> names() {
		return Arrays.stream(values()).map(AnalyticsView::summary).toList();
	}

}
