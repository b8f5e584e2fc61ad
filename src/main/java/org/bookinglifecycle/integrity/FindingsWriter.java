package org.bookinglifecycle.integrity;

import java.time.LocalDate;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records a chunk's verdicts with one statement: its findings in
 * {@code integrity_findings}, kept open in {@code integrity_open_findings}, and the open
 * hash findings of its rows that now check out resolved. Counts the findings per kind in
 * the step's counters (saved with the chunk, so the counts survive a restart). A dry run
 * counts without recording.
 */
class FindingsWriter implements ItemWriter<Verdict> {

	private final JdbcTemplate jdbc;

	private final long jobInstanceId;

	private final LocalDate asOf;

	private final boolean dryRun;

	private final StepCounters counters;

	FindingsWriter(JdbcTemplate jdbc, StepRun run) {
		this.jdbc = jdbc;
		this.jobInstanceId = run.jobInstanceId();
		this.asOf = run.parameters().asOf();
		this.dryRun = run.parameters().dryRun();
		this.counters = run.counters();
	}

	@Override
	public void write(Chunk<? extends Verdict> chunk) {
		int size = chunk.size();
		Long[] historyIds = new Long[size];
		Long[] bookingIds = new Long[size];
		String[] kinds = new String[size];
		int i = 0;
		for (Verdict verdict : chunk) {
			historyIds[i] = verdict.bookingHistoryId();
			bookingIds[i] = verdict.originalBookingId();
			if (verdict.kind() != null) {
				kinds[i] = verdict.kind().code();
				this.counters.add(verdict.kind().code(), 1);
			}
			i++;
		}
		if (!this.dryRun && size > 0) {
			this.jdbc.update(SqlFiles.load(VerifyIntegrityJobConfiguration.JOB, "record-findings"), this.jobInstanceId,
					this.asOf, historyIds, bookingIds, kinds);
		}
	}

}
