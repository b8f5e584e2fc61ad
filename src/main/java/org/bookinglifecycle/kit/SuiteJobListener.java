package org.bookinglifecycle.kit;

import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * A listener every lifecycle job gets, whoever declares it (the owner records of the job
 * operations, the data policy copied into the database): a bean of this type is added to
 * each job {@link LifecycleJobs} builds, so the kit never names its declarers.
 */
public interface SuiteJobListener extends JobExecutionListener {

}
