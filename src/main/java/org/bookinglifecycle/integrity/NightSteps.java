package org.bookinglifecycle.integrity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.domain.BookingSnapshot;
import org.bookinglifecycle.kit.KeysetReader;
import org.bookinglifecycle.kit.StepRun;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The parts of a night that follow its plan: the plan itself (first step), the rows each
 * chunked step reads (all of history, the night's recorded rows, or for a dry run the
 * night's rows as they are now), the duplicate-id check over the night's audit ids, and
 * the last step that completes the night and says what all nights have covered.
 */
final class NightSteps {

	private static final String JOB = VerifyIntegrityJobConfiguration.JOB;

	private final JdbcTemplate jdbc;

	private final IntegritySettings settings;

	NightSteps(JdbcTemplate jdbc, IntegritySettings settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/**
	 * The night's first step: plans it and, in a real run, records the plan and takes its
	 * rows (one transaction; a night planned before, by a failed execution of the same
	 * instance, keeps its plan).
	 * @param run the step's run
	 * @return the tasklet
	 */
	Tasklet plan(StepRun run) {
		return (contribution, context) -> {
			StepExecution step = contribution.getStepExecution();
			String line;
			if (!run.parameters().dryRun() && recorded(run.jobInstanceId())) {
				line = "planned by an earlier execution: " + NightPlan.of(this.jdbc, run, this.settings).describe();
			}
			else {
				NightPlan plan = NightPlan.make(this.jdbc, run, this.settings);
				Map<String, Object> rows = run.parameters().dryRun() ? countRows(plan) : takeRows(run, plan);
				line = (run.parameters().dryRun() ? "would verify " : "verifies ") + plan.describe() + ": "
						+ rows.get("planned_rows") + " history rows (written since: " + rows.get("changed_rows")
						+ ", window: " + rows.get("window_rows") + ", open findings: " + rows.get("open_rows") + ")";
			}
			step.setExitStatus(step.getExitStatus().addExitDescription(line));
			return RepeatStatus.FINISHED;
		};
	}

	private boolean recorded(long jobInstanceId) {
		return Boolean.TRUE
			.equals(this.jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM integrity_nights WHERE job_instance_id = ?)",
					Boolean.class, jobInstanceId));
	}

	private Map<String, Object> countRows(NightPlan plan) {
		if (plan.full()) {
			return fullCount();
		}
		return this.jdbc.queryForMap(withPage("count-night-rows", "/* night-rows */", "night-rows"),
				everyRow(plan.nightRowsParameters()));
	}

	private Map<String, Object> fullCount() {
		long rows = this.jdbc.queryForObject("SELECT count(*) FROM booking_history", Long.class);
		return Map.of("planned_rows", rows, "changed_rows", 0L, "window_rows", rows, "open_rows", 0L);
	}

	private Map<String, Object> takeRows(StepRun run, NightPlan plan) {
		Map<String, Object> rows;
		if (plan.full()) {
			rows = fullCount();
		}
		else {
			List<Object> parameters = new ArrayList<>(Arrays.asList(everyRow(plan.nightRowsParameters())));
			parameters.add(run.jobInstanceId());
			rows = this.jdbc.queryForMap(withPage("take-night-rows", "/* night-rows */", "night-rows"),
					parameters.toArray());
		}
		this.jdbc.update(SqlFiles.load(JOB, "record-night"), run.jobInstanceId(), run.parameters().asOf(),
				plan.full() ? "full" : "incremental", plan.reason(), this.settings.withinNights(), plan.boundaryXid(),
				plan.sinceXid(), plan.untilXid(), plan.sweepStartedOn(), plan.historyAfter(), plan.historyThrough(),
				plan.auditAfter(), plan.auditThrough(), plan.auditNewAfter(), plan.auditMaxId(),
				rows.get("planned_rows"), rows.get("changed_rows"), rows.get("window_rows"), rows.get("open_rows"));
		return rows;
	}

	/**
	 * The hash check's rows: all of history (full), the night's recorded rows, or (a dry
	 * run) the night's rows as they are now.
	 * @param run the step's run
	 * @return the reader
	 */
	KeysetReader<HistoryRow> historyRows(StepRun run) {
		NightPlan plan = NightPlan.of(this.jdbc, run, this.settings);
		RowMapper<HistoryRow> rows = (rs, i) -> new HistoryRow(rs.getLong("id"), rs.getString("data_hash"),
				BookingSnapshot.fromHistoryRow(rs));
		int size = run.parameters().chunkSize();
		if (plan.full()) {
			return new KeysetReader<>("historyReader", this.jdbc, SqlFiles.load(JOB, "history-rows"), size, rows,
					HistoryRow::id);
		}
		if (run.parameters().dryRun()) {
			return new KeysetReader<>("historyReader", this.jdbc,
					withPage("night-history-rows", "/* page */", "night-rows"), size, rows, HistoryRow::id,
					plan.nightRowsParameters());
		}
		return new KeysetReader<>("historyReader", this.jdbc, withPage("night-history-rows", "/* page */", "night-ids"),
				size, rows, HistoryRow::id, run.jobInstanceId());
	}

	/**
	 * The reference check's rows, chosen as {@link #historyRows}'s.
	 * @param run the step's run
	 * @return the reader of ids
	 */
	KeysetReader<Long> referenceRows(StepRun run) {
		NightPlan plan = NightPlan.of(this.jdbc, run, this.settings);
		int size = run.parameters().chunkSize();
		if (plan.full()) {
			return KeysetReader.ids("referencingRows", this.jdbc, SqlFiles.load(JOB, "referencing-ids"), size);
		}
		if (run.parameters().dryRun()) {
			return KeysetReader.ids("referencingRows", this.jdbc, SqlFiles.load(JOB, "night-rows"), size,
					plan.nightRowsParameters());
		}
		return KeysetReader.ids("referencingRows", this.jdbc, SqlFiles.load(JOB, "night-ids"), size,
				run.jobInstanceId());
	}

	/**
	 * The duplicate-id check (a partitioned audit_logs only: a plain table's primary key
	 * ensures it): every id on a full night; else the new ids, the night's window of ids
	 * and the open duplicates.
	 * @param run the step's run
	 * @return the tasklet
	 */
	Tasklet duplicates(StepRun run) {
		return (contribution, context) -> {
			StepExecution step = contribution.getStepExecution();
			String line;
			if (!Boolean.TRUE.equals(this.jdbc.queryForObject(
					"SELECT relkind = 'p' FROM pg_class WHERE oid = 'audit_logs'::regclass", Boolean.class))) {
				line = "audit ids unique: audit_logs is a plain table, its primary key ensures it";
			}
			else {
				NightPlan plan = NightPlan.of(this.jdbc, run, this.settings);
				boolean everyId = plan.full() || plan.auditNewAfter() == null;
				long newAfter = everyId ? Long.MIN_VALUE : plan.auditNewAfter();
				long after = (plan.auditAfter() != null) ? plan.auditAfter() : Long.MIN_VALUE;
				long through = (plan.auditThrough() != null) ? plan.auditThrough() : Long.MAX_VALUE;
				List<Long> ids = new ArrayList<>();
				long[] duplicated = { 0 };
				this.jdbc.query(SqlFiles.load(JOB, "duplicate-audit-ids"), (rs) -> {
					ids.add(rs.getLong("id"));
					duplicated[0] = rs.getLong("duplicated");
				}, run.jobInstanceId(), run.parameters().asOf(), run.parameters().dryRun(), newAfter, after, through);
				run.counters().add("audit_id_duplicate", duplicated[0]);
				line = "audit ids unique across partitions ("
						+ (everyId ? "every id" : "ids above " + newAfter + ", "
								+ NightPlan.range(plan.auditAfter(), plan.auditThrough()) + " and the open duplicates")
						+ "): audit_id_duplicate=" + duplicated[0] + (ids.isEmpty() ? "" : " (first ids: " + ids + ")");
			}
			step.setExitStatus(step.getExitStatus().addExitDescription(line));
			return RepeatStatus.FINISHED;
		};
	}

	/**
	 * The night's last step: a real night is completed (its boundary becomes the last
	 * verified point), its rows deleted, the open findings of removed rows resolved; then
	 * what all nights have covered. A night superseded by a later one is refused: its
	 * rows were taken away, it verified only part of its plan.
	 * @param run the step's run
	 * @return the tasklet
	 */
	Tasklet complete(StepRun run) {
		return (contribution, context) -> {
			StepExecution step = contribution.getStepExecution();
			if (!run.parameters().dryRun()) {
				List<Long> superseded = this.jdbc.queryForList(
						"SELECT superseded_by FROM integrity_nights WHERE job_instance_id = ? AND superseded_by IS NOT NULL",
						Long.class, run.jobInstanceId());
				if (!superseded.isEmpty()) {
					throw new IllegalStateException("verify-integrity: this night (job instance " + run.jobInstanceId()
							+ ") was superseded by the night of job instance " + superseded.get(0)
							+ ", planned while it had not completed; it is not counted as verified (the later night"
							+ " covers its rows)");
				}
				this.jdbc.update(SqlFiles.load(JOB, "complete-night"), run.jobInstanceId(), run.parameters().asOf());
			}
			String line = Coverage.of(this.jdbc, null)
				.map((coverage) -> "coverage: " + coverage.describe())
				.orElse("coverage: no night has completed yet");
			step.setExitStatus(step.getExitStatus()
				.addExitDescription(run.parameters().dryRun() ? line + " (dry run: this night not counted)" : line));
			return RepeatStatus.FINISHED;
		};
	}

	private static Object[] everyRow(Object[] parameters) {
		List<Object> all = new ArrayList<>(Arrays.asList(parameters));
		all.add(Long.MIN_VALUE);
		all.add(Long.MAX_VALUE);
		return all.toArray();
	}

	private static String withPage(String file, String placeholder, String page) {
		String sql = SqlFiles.load(JOB, file);
		if (!sql.contains(placeholder)) {
			throw new IllegalStateException(file + ".sql has no " + placeholder);
		}
		return sql.replace(placeholder, SqlFiles.load(JOB, page));
	}

}
