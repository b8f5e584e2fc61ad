package org.bookinglifecycle.kit;

import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * The parameter of the partitioned backfills: how many id ranges run in parallel.
 */
public final class BackfillParameters {

	/**
	 * Ranges processed in parallel; default the number of cores, at most 8 (the pool has
	 * 10).
	 */
	public static final ParameterSpec GRID_SIZE = ParameterSpec
		.optional("gridSize", ParameterSpec.Type.INTEGER, String.valueOf(Runtime.getRuntime().availableProcessors()),
				"id ranges processed in parallel (default: the number of cores)")
		.atMost(8);

	private BackfillParameters() {
	}

	/**
	 * The grid size of a run.
	 * @param parameters the job parameters
	 * @return {@code gridSize}
	 */
	public static int gridSize(JobParameters parameters) {
		Long grid = parameters.getLong(GRID_SIZE.name());
		return (grid != null) ? grid.intValue() : Runtime.getRuntime().availableProcessors();
	}

}
