package org.bookinglifecycle.backfill;

import org.bookinglifecycle.domain.RetentionPeriods;

import java.time.LocalDate;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.LifecycleMetrics;
import org.bookinglifecycle.kit.SetBasedBaseline;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The set-based opponents of the backfills in {@code bench}: each job's chunk statement
 * with its id filter lifted, so it updates every row at once in one transaction (what the
 * seed's migration plan would run, and what ops could never run on production).
 */
@Configuration(proxyBeanMethods = false)
class BackfillBaselines {

	@Bean
	SetBasedBaseline backfillAuditLogIdsBaseline() {
		return new SetBasedBaseline() {

			@Override
			public String job() {
				return BackfillAuditLogIdsJobConfiguration.JOB;
			}

			@Override
			public long run(JdbcTemplate jdbc, LocalDate asOf) {
				String sql = lift(SqlFiles.load(job(), "fill-chunk"), "x.id = ANY (chunk.ids)",
						"(x.audit_log_ids IS NULL OR x.data_hash IS NULL)");
				return jdbc.queryForList(sql, String.class, new Long[0], "missing").size();
			}

			@Override
			public long done(JdbcTemplate jdbc) {
				return jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE audit_log_ids IS NOT NULL",
						Long.class);
			}

			@Override
			public String chunkTimer() {
				return LifecycleMetrics.BACKFILL_CHUNK;
			}

		};
	}

	@Bean
	SetBasedBaseline backfillRetentionBaseline(RetentionPeriods periods) {
		return new SetBasedBaseline() {

			@Override
			public String job() {
				return BackfillRetentionJobConfiguration.JOB;
			}

			@Override
			public long run(JdbcTemplate jdbc, LocalDate asOf) {
				periods.tiers()
					.forEach((tier, years) -> jdbc.update(SqlFiles.load(job(), "write-periods"), tier, years));
				String sql = lift(SqlFiles.load(job(), "fill-chunk"), "x.id = ANY (CAST(? AS BIGINT[]))", "TRUE");
				return jdbc.queryForList(sql, String.class).size();
			}

			@Override
			public long done(JdbcTemplate jdbc) {
				return jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE retention_tier IS NOT NULL",
						Long.class);
			}

			@Override
			public String chunkTimer() {
				return LifecycleMetrics.BACKFILL_CHUNK;
			}

		};
	}

	static String lift(String chunkSql, String filter, String replacement) {
		if (!chunkSql.contains(filter)) {
			throw new IllegalStateException("the chunk statement no longer filters by " + filter);
		}
		return chunkSql.replace(filter, replacement);
	}

}
