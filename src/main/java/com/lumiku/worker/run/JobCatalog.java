package com.lumiku.worker.run;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.lumiku.worker.scheduling.InvalidJobFilesException;
import com.lumiku.worker.scheduling.JobFileLoader;
import com.lumiku.worker.scheduling.JobSchedule;
import com.lumiku.worker.scheduling.SchedulingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.stereotype.Component;

/**
 * Every job the worker can run, by its one stable name (the {@code jobs/} file, the
 * Spring Batch job, the Quartz job key, the CLI argument, the HTTP path and the metric
 * tag all use it). Each job is a Spring Batch {@link Job} bean plus a
 * {@link JobDescriptor} bean of the same name.
 *
 * <p>
 * The catalog also knows each job's schedule as loaded from {@code jobs/}: the daemon's
 * schedules in force (set when they are applied), or, in a process that never applied
 * them (the CLI working on the database), the files as they are, read on first use. Every
 * run starts from that schedule's parameters: a scheduled run takes them as they are, a
 * manual run with the operator's {@code key=value}s over them
 * ({@link #manualParameters}); a job without an enabled schedule uses its declared
 * defaults.
 */
@Component
public class JobCatalog {

	/** A runnable job and what it accepts. */
	public record Entry(JobDescriptor descriptor, Job job) {

		public String name() {
			return this.descriptor.name();
		}

	}

	private static final Logger logger = LoggerFactory.getLogger(JobCatalog.class);

	private final Map<String, Entry> entries;

	private final SchedulingProperties properties;

	private volatile Map<String, JobSchedule> schedules;

	public JobCatalog(List<JobDescriptor> descriptors, List<Job> jobs, SchedulingProperties properties) {
		this.properties = properties;
		Map<String, Job> jobsByName = jobs.stream().collect(Collectors.toMap(Job::getName, Function.identity()));
		Set<String> undescribed = new TreeSet<>(jobsByName.keySet());
		Map<String, Entry> entries = new TreeMap<>();
		for (JobDescriptor descriptor : descriptors) {
			Job job = jobsByName.get(descriptor.name());
			if (job == null) {
				throw new IllegalStateException("Job descriptor '" + descriptor.name()
						+ "' has no Spring Batch job of that name; jobs are: " + jobsByName.keySet());
			}
			undescribed.remove(descriptor.name());
			entries.put(descriptor.name(), new Entry(descriptor, job));
		}
		if (!undescribed.isEmpty()) {
			throw new IllegalStateException("Spring Batch jobs without a JobDescriptor: " + undescribed);
		}
		this.entries = entries;
	}

	/** All jobs, sorted by name. */
	public Collection<Entry> entries() {
		return this.entries.values();
	}

	public Optional<Entry> find(String name) {
		return Optional.ofNullable(this.entries.get(name));
	}

	/**
	 * The job of that name.
	 * @param name the job name
	 * @return the entry
	 * @throws UnknownJobException when there is none
	 */
	public Entry require(String name) {
		return find(name).orElseThrow(() -> new UnknownJobException(name, this.entries.keySet()));
	}

	/** The descriptors by name, as the schedule-file loader needs them. */
	public Map<String, JobDescriptor> descriptors() {
		Map<String, JobDescriptor> descriptors = new LinkedHashMap<>();
		this.entries.forEach((name, entry) -> descriptors.put(name, entry.descriptor()));
		return descriptors;
	}

	/**
	 * Loads and validates every schedule file of {@code jobs/} (the catalog's loaded
	 * schedules stay as they were until {@link #useSchedules}).
	 * @return the schedules
	 * @throws InvalidJobFilesException listing every problem as
	 * {@code file:line: message}
	 */
	public List<JobSchedule> loadSchedules() {
		return new JobFileLoader(descriptors()).load(this.properties.jobsDirectory());
	}

	/** The files as they are, applied already (by this process or another). */
	private List<JobSchedule> readSchedulesInForce() {
		return JobFileLoader.forSchedulesInForce(descriptors()).load(this.properties.jobsDirectory());
	}

	/**
	 * Makes these the loaded schedules (they are in force: applied to Quartz).
	 * @param schedules the schedules
	 */
	public void useSchedules(List<JobSchedule> schedules) {
		this.schedules = schedules.stream()
			.collect(Collectors.toUnmodifiableMap(JobSchedule::jobName, Function.identity()));
	}

	/**
	 * A job's loaded schedule; the files are read on first use (a missing {@code jobs/}
	 * directory: no schedules).
	 * @param job the job name
	 * @return the schedule, enabled or not, or empty when the job has no file
	 * @throws InvalidJobFilesException when the files, read now, have problems
	 */
	public Optional<JobSchedule> schedule(String job) {
		Map<String, JobSchedule> loaded = this.schedules;
		if (loaded == null) {
			if (!java.nio.file.Files.isDirectory(this.properties.jobsDirectory())) {
				logger.debug("No jobs directory {}: runs use their jobs' declared defaults",
						this.properties.jobsDirectory().toAbsolutePath());
				useSchedules(List.of());
			}
			else {
				useSchedules(readSchedulesInForce());
			}
			loaded = this.schedules;
		}
		return Optional.ofNullable(loaded.get(job));
	}

	/**
	 * The loaded schedule of a job, read again from the files if it is not the one of
	 * that fingerprint (another node reloaded them).
	 * @param job the job name
	 * @param fingerprint the {@link JobSchedule#fingerprint()} in force, if known
	 * @return the schedule, or empty when this node has no file for the job
	 */
	public Optional<JobSchedule> schedule(String job, Optional<String> fingerprint) {
		Optional<JobSchedule> schedule = schedule(job);
		if (fingerprint.isPresent() && !schedule.map(JobSchedule::fingerprint).equals(fingerprint)) {
			logger.info("The schedule of {} in force differs from the one this process loaded; reading jobs/ again",
					job);
			try {
				useSchedules(readSchedulesInForce());
			}
			catch (InvalidJobFilesException ex) {
				logger.warn("The jobs/ files here have problems; {} runs as last loaded: {}", job, ex.getMessage());
				return schedule;
			}
			schedule = schedule(job);
			if (!schedule.map(JobSchedule::fingerprint).equals(fingerprint)) {
				logger.warn("The jobs/ file of {} here differs from the schedule in force (reloaded elsewhere);"
						+ " this process runs it as its own file says", job);
			}
		}
		return schedule;
	}

	/**
	 * The parameters of a manual run: the job's enabled schedule's {@code parameters:}
	 * (none without one), each overridden by the operator's value of the same name.
	 * @param job the job name
	 * @param overrides the operator's {@code key=value}s
	 * @return the merged parameters, not validated yet
	 */
	public Map<String, String> manualParameters(String job, Map<String, String> overrides) {
		return schedule(job).filter(JobSchedule::enabled)
			.map((schedule) -> schedule.parametersWith(overrides))
			.orElseGet(() -> new LinkedHashMap<>(overrides));
	}

}
