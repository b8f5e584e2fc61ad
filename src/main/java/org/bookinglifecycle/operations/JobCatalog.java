package org.bookinglifecycle.operations;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;

import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The jobs this build has: every job defined in {@code jobs/*.yml} with a {@code job:}
 * block, each with the Job bean its package declares. A job package adds a job by its
 * definition file and its Job bean; nothing here changes. A definition without a Job, or
 * a Job without a definition, is a build error found at start-up.
 */
@Component
public class JobCatalog implements SmartInitializingSingleton {

	private final Map<String, Job> jobs = new TreeMap<>();

	private final JobDefinitions definitions;

	private final NightlyChains chains;

	JobCatalog(List<Job> jobs, JobDefinitions definitions, NightlyChains chains) {
		jobs.forEach((job) -> this.jobs.put(job.getName(), job));
		this.definitions = definitions;
		this.chains = chains;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Set<String> defined = new TreeSet<>(this.definitions.jobs().stream().map(LifecycleJobSpec::name).toList());
		Set<String> built = this.jobs.keySet();
		if (!defined.equals(built)) {
			throw new IllegalStateException("Job definitions (" + defined + ") and Job beans (" + built
					+ ") differ: every jobs/<job>.yml with a job: block needs a Job bean of that name, and each Job a "
					+ "definition");
		}
	}

	/**
	 * The specs of all jobs, by name.
	 * @return the specs
	 */
	public List<LifecycleJobSpec> specs() {
		return this.definitions.jobs();
	}

	/**
	 * The spec of one job.
	 * @param name the job name
	 * @return its spec
	 * @throws org.bookinglifecycle.kit.definition.BadUsageException naming the jobs there
	 * are
	 */
	public LifecycleJobSpec spec(String name) {
		return this.chains.chain(name).map(NightlyChains::spec).orElseGet(() -> this.definitions.spec(name));
	}

	/**
	 * The chain of that name, if the name is a chain's.
	 * @param name a job or chain name
	 * @return the chain
	 */
	public java.util.Optional<org.bookinglifecycle.kit.definition.JobChain> chain(String name) {
		return this.chains.chain(name);
	}

	/**
	 * The job of that name.
	 * @param name the job name
	 * @return the job
	 */
	public Job job(String name) {
		spec(name);
		Job chain = this.chains.job(name);
		return (chain != null) ? chain : this.jobs.get(name);
	}

}
