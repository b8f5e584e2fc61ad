package org.bookinglifecycle.pii;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bookinglifecycle.kit.StepRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The scan's plan, in one transaction, once per job instance (a restart keeps it): the
 * marker, the bookings in scope, and the work list, what tonight scans. A full scan
 * ({@code mode=full}, or the first scan) takes every booking in scope. An incremental one
 * takes those that became due since the last completed scan's limit date, those written
 * since its marker (xmin, {@code written-since-function.sql}; the history rows, the audit
 * rows of each table whose statistics' count of written rows moved since, the erasure
 * receipts, released holds), those with a finding still open, and the rotating share of
 * blocks of booking ids (every block scanned at least once in
 * {@code rescan-within-nights}).
 */
final class ScanPlanTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(ScanPlanTasklet.class);

	private final JdbcTemplate jdbc;

	private final MaskedForms forms;

	private final ScanSettings settings;

	private final StepRun run;

	ScanPlanTasklet(JdbcTemplate jdbc, MaskedForms forms, ScanSettings settings, StepRun run) {
		this.jdbc = jdbc;
		this.forms = forms;
		this.settings = settings;
		this.run = run;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		long instance = this.run.jobInstanceId();
		String line;
		if (this.jdbc.queryForList(PiiSql.load("plan-read"), instance).isEmpty()) {
			PiiSql.ensureFunctions(this.jdbc);
			this.jdbc.update(PiiSql.load("forget-stale"));
			plan(instance);
			line = "planned: ";
		}
		else {
			line = "planned by an earlier execution: ";
		}
		line += describe(this.jdbc.queryForMap(PiiSql.load("plan-read"), instance));
		StepExecution step = contribution.getStepExecution();
		step.setExitStatus(step.getExitStatus().addExitDescription(line));
		logger.info("{}: {}", ScanPiiJobConfiguration.JOB, line);
		return RepeatStatus.FINISHED;
	}

	private void plan(long instance) {
		LocalDate asOf = this.run.parameters().asOf();
		LocalDate limit = ScanPiiJobConfiguration.limit(this.forms, asOf);
		// the statistics first, the marker after: a write they count was committed before
		// it
		List<Map<String, Object>> relations = this.jdbc.queryForList(PiiSql.load("plan-relations"));
		long marker = this.jdbc.queryForObject(PiiSql.load("plan-marker"), Long.class);
		List<Map<String, Object>> since = this.jdbc.queryForList(PiiSql.load("plan-since"), Date.valueOf(asOf));
		Long historyMarker = relations.stream()
			.filter((r) -> "history".equals(r.get("role")))
			.map((r) -> (Long) r.get("recorded_marker"))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
		boolean full = ScanPiiJobConfiguration.FULL.equals(this.run.parameters().text(ScanPiiJobConfiguration.MODE))
				|| since.isEmpty() || historyMarker == null;
		this.jdbc.execute(PiiSql.load("plan-written-table"));
		Tables tables = new Tables();
		for (Map<String, Object> relation : relations) {
			tables.add(relation, full, marker, historyMarker, limit);
		}
		if (!full && Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM pg_temp.pii_written WHERE resource_type = 'USER')", Boolean.class))) {
			this.jdbc.update(PiiSql.load("plan-written-logins"));
		}
		Long compared = full ? null : historyMarker;
		this.jdbc.update(PiiSql.load("plan-scope"), Date.valueOf(limit), Date.valueOf(asOf), compared);
		this.jdbc.update(PiiSql.load("plan-share"), Date.valueOf(asOf), this.settings.rescanWithinNights(), full);
		Date sinceAsOf = full ? null : (Date) since.get(0).get("as_of");
		Date sinceLimit = full ? null : (Date) since.get(0).get("limit_date");
		Map<String, Object> work = this.jdbc.queryForMap(PiiSql.load("plan-work"), instance, full, sinceLimit,
				sinceAsOf, compared, Date.valueOf(limit));
		this.jdbc.update(PiiSql.load("plan-open-users"), instance, PiiSql.heldUsers(this.jdbc, asOf));
		this.jdbc.update(PiiSql.load("plan-record"), instance, Date.valueOf(asOf), Date.valueOf(limit),
				full ? ScanPiiJobConfiguration.FULL : ScanPiiJobConfiguration.INCREMENTAL, sinceAsOf, sinceLimit,
				marker, work.get("in_scope"), work.get("held_back"), this.settings.rescanWithinNights(),
				tables.names.toArray(String[]::new), tables.relids.toArray(Long[]::new),
				tables.written.toArray(Long[]::new), tables.markers.toArray(Long[]::new), work.get("planned"),
				work.get("due"), work.get("written"), work.get("open"), work.get("share"), tables.read);
	}

	private static String describe(Map<String, Object> plan) {
		String reasons = "full".equals(plan.get("mode")) ? "every booking in scope"
				: "due since the last scan (limit " + plan.get("since_limit") + ") " + plan.get("due")
						+ ", written since " + plan.get("written") + " (tables read for written rows: "
						+ plan.get("tables_read") + "), with an open finding " + plan.get("open")
						+ ", in tonight's share of " + plan.get("share_blocks") + " of " + plan.get("scope_blocks")
						+ " blocks " + plan.get("share");
		return plan.get("mode") + " scan of " + plan.get("planned") + " of " + plan.get("bookings_in_scope")
				+ " bookings in scope (check-out before " + plan.get("limit_date") + ", or an erased guest's): "
				+ reasons + "; " + plan.get("held_back") + " held back by a legal hold";
	}

	/**
	 * The tables' change state to record once the scan completes, and the reads for
	 * written rows the plan makes.
	 */
	private final class Tables {

		private final List<String> names = new ArrayList<>();

		private final List<Long> relids = new ArrayList<>();

		private final List<Long> written = new ArrayList<>();

		private final List<Long> markers = new ArrayList<>();

		private long read;

		/**
		 * One table: booking_history is always read (plan-scope.sql), every table on a
		 * full scan; a table of audit rows only when its count of written rows moved (or
		 * it is new), for the rows written since its own marker.
		 */
		void add(Map<String, Object> relation, boolean full, long marker, Long historyMarker, LocalDate limit) {
			String name = (String) relation.get("relation");
			long relid = ((Number) relation.get("relid")).longValue();
			long count = ((Number) relation.get("written")).longValue();
			Object recordedRelid = relation.get("recorded_relid");
			boolean known = recordedRelid != null && ((Number) recordedRelid).longValue() == relid;
			boolean moved = !known || ((Number) relation.get("recorded_written")).longValue() != count;
			if (full || "history".equals(relation.get("role")) || moved) {
				if (!full && !"history".equals(relation.get("role"))) {
					long since = known ? ((Number) relation.get("recorded_marker")).longValue() : historyMarker;
					ScanPlanTasklet.this.jdbc.update(String.format(PiiSql.load("plan-written"), name), since,
							Date.valueOf(limit));
					this.read++;
				}
				record(name, relid, count, marker);
			}
			else {
				record(name, relid, count, ((Number) relation.get("recorded_marker")).longValue());
			}
		}

		private void record(String name, long relid, long count, long marker) {
			this.names.add(name);
			this.relids.add(relid);
			this.written.add(count);
			this.markers.add(marker);
		}

	}

}
