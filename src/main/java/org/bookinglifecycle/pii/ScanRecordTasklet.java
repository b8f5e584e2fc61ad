package org.bookinglifecycle.pii;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The scan's last step, in one transaction. A real run closes the open findings of
 * subjects no longer in scope, records the blocks it scanned whole and the tables' change
 * state, records the scan ({@code pii_scans}: what it found, what it cleared, and every
 * finding still open, whichever night found it) and the open findings per table, column,
 * key path and kind ({@code pii_findings}); a dry run records nothing. Both remove the
 * plan and work list, and count in {@code findings} what fails the run: the open finding
 * rows of a real run, what a dry run found.
 */
final class ScanRecordTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(ScanRecordTasklet.class);

	private final JdbcTemplate jdbc;

	private final MaskedForms forms;

	private final JobRepository repository;

	private final StepRun run;

	ScanRecordTasklet(JdbcTemplate jdbc, MaskedForms forms, JobRepository repository, StepRun run) {
		this.jdbc = jdbc;
		this.forms = forms;
		this.repository = repository;
		this.run = run;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		long instance = this.run.jobInstanceId();
		Map<String, Object> plan = this.jdbc.queryForMap(PiiSql.load("plan-read"), instance);
		Map<String, Long> counts = scanCounters(contribution.getStepExecution().getJobExecution().getJobInstance());
		long bookings = counts.getOrDefault(BookingChunkScan.BOOKINGS, 0L);
		long accounts = counts.getOrDefault(LoginChunkScan.ACCOUNTS, 0L);
		Map<String, Long> found = OpenFindings.found(counts);
		long foundRows = found.values().stream().mapToLong(Long::longValue).sum();
		String line = "scanned " + bookings + " bookings (" + plan.get("mode") + ", of " + plan.get("bookings_in_scope")
				+ " in scope: check-out before " + plan.get("limit_date") + ", or an erased guest's) and " + accounts
				+ " of their guests' user accounts' logins; " + plan.get("held_back")
				+ " held back by a legal hold (not scanned); found: " + foundRows + " rows";
		if (this.run.parameters().dryRun()) {
			long open = openFindings(instance).values().stream().mapToLong(Long::longValue).sum();
			this.run.counters().add(ScanPiiJobConfiguration.FINDINGS, foundRows);
			line += "; finding rows open from earlier scans (a dry run changes none): " + open + "; PII left: "
					+ OpenFindings.line(found) + " (dry run: nothing recorded)";
		}
		else {
			long cleared = counts.getOrDefault(OpenFindings.CLEARED, 0L);
			cleared += record(instance, bookings, cleared);
			Map<String, Long> open = openFindings(instance);
			this.run.counters()
				.add(ScanPiiJobConfiguration.FINDINGS, open.values().stream().mapToLong(Long::longValue).sum());
			line += " (" + OpenFindings.line(found) + "); cleared: " + cleared
					+ " rows (scanned clean or out of scope); PII left: " + OpenFindings.line(open)
					+ " (every finding still open, whichever night found it)";
		}
		this.jdbc.update(PiiSql.load("forget-plan"), instance, instance);
		StepExecution step = contribution.getStepExecution();
		step.setExitStatus(step.getExitStatus().addExitDescription(line));
		logger.info("{}: {}", ScanPiiJobConfiguration.JOB, line);
		return RepeatStatus.FINISHED;
	}

	/**
	 * Records a completed real scan.
	 * @return the finding rows closed (their subjects no longer in scope)
	 */
	private long record(long instance, long bookings, long cleared) {
		LocalDate asOf = this.run.parameters().asOf();
		long closed = this.jdbc.queryForObject(PiiSql.load("close-findings"), Long.class,
				Date.valueOf(ScanPiiJobConfiguration.limit(this.forms, asOf)), Date.valueOf(asOf),
				PiiSql.heldUsers(this.jdbc, asOf));
		this.jdbc.update(PiiSql.load("record-blocks"), instance);
		this.jdbc.update(PiiSql.load("record-relations"), instance);
		this.jdbc.update(PiiSql.load("record-scan"), this.run.jobExecutionId(), bookings, cleared + closed, instance);
		this.jdbc.update(PiiSql.load("record-findings"), this.run.jobExecutionId(), instance);
		return closed;
	}

	/** The open findings per table, column, key path and kind, with their rows. */
	private Map<String, Long> openFindings(long instance) {
		Map<String, Long> open = new TreeMap<>();
		this.jdbc.query(PiiSql.load("open-findings"), (rs) -> {
			open.put(new PiiFinding(rs.getString("table_name"), rs.getString("column_name"), rs.getString("json_path"),
					rs.getString("kind"), 0)
				.key(), rs.getLong("rows"));
		}, instance);
		return open;
	}

	/**
	 * The counters of the scan's two chunked steps added up, from their last executions
	 * in this job instance (a restart after one of them completed ran only the other).
	 */
	private Map<String, Long> scanCounters(JobInstance instance) {
		StepCounters total = new StepCounters();
		for (String stepName : List.of(ScanPiiJobConfiguration.BOOKINGS_STEP, ScanPiiJobConfiguration.LOGINS_STEP)) {
			StepExecution step = this.repository.getLastStepExecution(instance, stepName);
			if (step != null) {
				StepCounters.of(step).forEach(total::add);
			}
		}
		return total.all();
	}

}
