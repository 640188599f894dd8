package com.lumiku.worker.scheduling;

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

import org.springframework.batch.core.job.Job;
import org.springframework.stereotype.Component;

/**
 * Every job the worker can run, by its one stable name (the {@code jobs/} file, the
 * Spring Batch job, the Quartz job key, the CLI argument, the HTTP path and the metric
 * tag all use it). Each job is a Spring Batch {@link Job} bean plus a
 * {@link JobDescriptor} bean of the same name.
 */
@Component
public class JobCatalog {

	/** A runnable job and what it accepts. */
	public record Entry(JobDescriptor descriptor, Job job) {

		public String name() {
			return this.descriptor.name();
		}

	}

	private final Map<String, Entry> entries;

	public JobCatalog(List<JobDescriptor> descriptors, List<Job> jobs) {
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

}
