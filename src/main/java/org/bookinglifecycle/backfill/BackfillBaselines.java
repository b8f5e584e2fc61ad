package org.bookinglifecycle.backfill;

import java.time.LocalDate;
import java.util.List;
import java.util.function.BiFunction;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.KeysetReader;
import org.bookinglifecycle.kit.LifecycleMetrics;
import org.bookinglifecycle.kit.SetBasedBaseline;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The set-based opponents of the backfills in {@code bench}: each job's own chunk
 * statement ({@code fill-chunk.sql}) given every id still to fill at once, read with the
 * job's own query ({@code ids-to-fill.sql}), so both sides do identical work in one
 * statement against many chunks (what the seed's migration plan would run, and what ops
 * could never run on production). What counts as done is the same query's complement.
 */
@Configuration(proxyBeanMethods = false)
class BackfillBaselines {

	@Bean
	SetBasedBaseline backfillAuditLogIdsBaseline() {
		return new Baseline(BackfillAuditLogIdsJobConfiguration.JOB, "booking_history",
				BackfillAuditLogIdsJobConfiguration::reader, "missing");
	}

	@Bean
	SetBasedBaseline backfillRetentionBaseline() {
		return new Baseline(BackfillRetentionJobConfiguration.JOB, "audit_logs",
				BackfillRetentionJobConfiguration::reader);
	}

	/** A backfill's baseline: its chunk statement over every id its reader would read. */
	private record Baseline(String job, String table, BiFunction<JdbcTemplate, StepRun, KeysetReader<Long>> reader,
			Object... trailing) implements SetBasedBaseline {

		@Override
		public long run(JdbcTemplate jdbc, LocalDate asOf) {
			List<Long> ids = this.reader.apply(jdbc, run()).everything();
			Object[] parameters = new Object[1 + this.trailing.length];
			parameters[0] = ids.toArray(Long[]::new);
			System.arraycopy(this.trailing, 0, parameters, 1, this.trailing.length);
			return jdbc.queryForList(SqlFiles.load(this.job, "fill-chunk"), parameters).size();
		}

		@Override
		public long done(JdbcTemplate jdbc) {
			long rows = jdbc.queryForObject("SELECT count(*) FROM " + this.table, Long.class);
			return rows - this.reader.apply(jdbc, run()).countAhead(new ExecutionContext());
		}

		@Override
		public String chunkTimer() {
			return LifecycleMetrics.BACKFILL_CHUNK;
		}

		/** A run of the default mode over the whole id range. */
		private static StepRun run() {
			JobExecution execution = new JobExecution(0L, new JobInstance(0L, "bench"),
					new JobParametersBuilder().toJobParameters());
			return new StepRun(RunParameters.of(execution.getJobParameters()), new StepExecution("bench", execution),
					new StepCounters());
		}

	}

}
