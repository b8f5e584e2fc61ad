package org.bookinglifecycle.operations;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bookinglifecycle.kit.BadUsageException;
import org.bookinglifecycle.kit.LifecycleJobSpec;

import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.stereotype.Component;

/**
 * The jobs this build has: every job in Spring Batch's JobRegistry, with the spec its
 * package declares. A job package adds a job by declaring its Job and LifecycleJobSpec
 * beans; nothing here changes.
 */
@Component
public class JobCatalog {

	private final JobRegistry registry;

	private final Map<String, LifecycleJobSpec> specs = new TreeMap<>();

	JobCatalog(JobRegistry registry, List<LifecycleJobSpec> specs) {
		this.registry = registry;
		specs.forEach((spec) -> this.specs.put(spec.name(), spec));
	}

	/**
	 * The specs of all registered jobs, by name.
	 * @return the specs
	 */
	public List<LifecycleJobSpec> specs() {
		return this.specs.values()
			.stream()
			.filter((spec) -> this.registry.getJobNames().contains(spec.name()))
			.toList();
	}

	/**
	 * The spec of one job.
	 * @param name the job name
	 * @return its spec
	 * @throws BadUsageException naming the jobs there are, if there is none of that name
	 */
	public LifecycleJobSpec spec(String name) {
		LifecycleJobSpec spec = this.specs.get(name);
		if (spec == null || !this.registry.getJobNames().contains(name)) {
			throw new BadUsageException("Unknown job '" + name + "': the jobs are "
					+ String.join(", ", specs().stream().map(LifecycleJobSpec::name).toList()) + ".");
		}
		return spec;
	}

	/**
	 * The job of that name.
	 * @param name the job name
	 * @return the job
	 */
	public Job job(String name) {
		spec(name);
		return this.registry.getJob(name);
	}

}
