package com.lumiku.worker.console;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Quartz cron expression (seconds first) in words, for the shapes schedules use: every
 * N seconds or minutes (with an offset), hourly at a minute, daily at a time, on given
 * weekdays, a day of the month or a day of the year at a time. Any other shape is
 * answered with "custom schedule" (the page shows the cron beside it).
 */
final class CronInWords {

	private static final Pattern NUMBER = Pattern.compile("\\d+");

	private static final Pattern STEP = Pattern.compile("(\\*|\\d+)/(\\d+)");

	private static final Map<String, String> DAYS = Map.of("MON", "Monday", "TUE", "Tuesday", "WED", "Wednesday", "THU",
			"Thursday", "FRI", "Friday", "SAT", "Saturday", "SUN", "Sunday");

	private CronInWords() {
	}

	static String describe(String cron) {
		String[] f = cron.trim().split("\\s+");
		if (f.length < 6 || f.length > 7 || (f.length == 7 && !f[6].equals("*"))) {
			return "custom schedule";
		}
		String sec = f[0];
		String min = f[1];
		String hour = f[2];
		String dom = f[3];
		String month = f[4];
		String dow = f[5].toUpperCase(Locale.ROOT);
		boolean everyDay = (dom.equals("*") || dom.equals("?")) && month.equals("*")
				&& (dow.equals("*") || dow.equals("?"));
		if (everyDay && hour.equals("*") && min.equals("*")) {
			return every(sec, "second", null);
		}
		if (everyDay && hour.equals("*") && isNumber(sec) && !min.equals("*")) {
			if (isNumber(min)) {
				return "every hour at minute " + min + seconds(sec);
			}
			return every(min, "minute", "minute");
		}
		if (isNumber(sec) && isNumber(min) && isNumber(hour) && isNumber(dom) && isNumber(month)
				&& (dow.equals("?") || dow.equals("*")) && Integer.parseInt(month) >= 1
				&& Integer.parseInt(month) <= 12) {
			return "every year on " + Integer.parseInt(dom) + " "
					+ java.time.Month.of(Integer.parseInt(month))
						.getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH)
					+ " at " + time(hour, min, sec);
		}
		if (isNumber(sec) && isNumber(min) && isNumber(hour) && month.equals("*")) {
			String time = time(hour, min, sec);
			if (everyDay) {
				return "every day at " + time;
			}
			if (dom.equals("?") && dow.matches("[A-Z]{3}(,[A-Z]{3})*")) {
				return "every " + String.join(", ", java.util.Arrays.stream(dow.split(",")).map(DAYS::get).toList())
						+ " at " + time;
			}
			if (isNumber(dom) && (dow.equals("?") || dow.equals("*"))) {
				return "on day " + dom + " of every month at " + time;
			}
		}
		return "custom schedule";
	}

	private static String every(String field, String unit, String offsetUnit) {
		if (field.equals("*")) {
			return "every " + unit;
		}
		Matcher step = STEP.matcher(field);
		if (step.matches()) {
			String n = step.group(2);
			String words = n.equals("1") ? "every " + unit : "every " + n + " " + unit + "s";
			String start = step.group(1);
			if (!start.equals("*") && !start.equals("0")) {
				words += ", from " + (offsetUnit != null ? offsetUnit + " " : "") + start;
			}
			return words;
		}
		return "custom schedule";
	}

	private static String seconds(String sec) {
		return sec.equals("0") ? "" : ", second " + sec;
	}

	private static String time(String hour, String min, String sec) {
		String time = String.format(Locale.ROOT, "%02d:%02d", Integer.parseInt(hour), Integer.parseInt(min));
		return sec.equals("0") ? time : time + String.format(Locale.ROOT, ":%02d", Integer.parseInt(sec));
	}

	private static boolean isNumber(String field) {
		return NUMBER.matcher(field).matches();
	}

}
