package org.bookinglifecycle.kit;

import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A job's benchmark opponent: the single set-based SQL statement that does the same work
 * as the job in one go (the practical limit, which no one could run on a live platform).
 * Each job that has a {@code bench} declares one as a bean; the bench command finds it by
 * job name.
 */
public interface SetBasedBaseline {

	/**
	 * The job this is the baseline of.
	 * @return the job name
	 */
	String job();

	/**
	 * Do the job's work in one statement (one transaction).
	 * @param jdbc the database
	 * @param asOf the business date
	 * @return rows done
	 */
	long run(JdbcTemplate jdbc, LocalDate asOf);

	/**
	 * How much of the work the database shows done, counted the same way on both sides,
	 * so the bench can check that job and statement did identical work.
	 * @param jdbc the database
	 * @return rows done so far
	 */
	long done(JdbcTemplate jdbc);

	/**
	 * The timer of one chunk of the job, for the chunk-time percentiles.
	 * @return a meter name of {@link LifecycleMetrics}
	 */
	String chunkTimer();

	/**
	 * Jobs the bench runs on the seeded template, in this order and with the bench's
	 * {@code asOf}, before cloning it, so that both sides start from the state the job
	 * needs (dated or partitioned audit rows, say). Their time is not measured.
	 * @return job names, none by default
	 */
	default List<String> templateJobs() {
		return List.of();
	}

}
