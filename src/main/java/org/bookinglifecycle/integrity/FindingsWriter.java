package org.bookinglifecycle.integrity;

import java.time.LocalDate;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records a chunk's findings in {@code integrity_findings} with one statement, and counts
 * them per kind in the step's counters (saved with the chunk, so the counts survive a
 * restart). A dry run counts without recording.
 */
class FindingsWriter implements ItemWriter<Finding> {

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
	public void write(Chunk<? extends Finding> chunk) {
		int size = chunk.size();
		Long[] historyIds = new Long[size];
		Long[] bookingIds = new Long[size];
		String[] kinds = new String[size];
		int i = 0;
		for (Finding finding : chunk) {
			historyIds[i] = finding.bookingHistoryId();
			bookingIds[i] = finding.originalBookingId();
			kinds[i] = finding.kind().code();
			this.counters.add(finding.kind().code(), 1);
			i++;
		}
		if (!this.dryRun && size > 0) {
			this.jdbc.update(SqlFiles.load(VerifyIntegrityJobConfiguration.JOB, "record-findings"), this.jobInstanceId,
					this.asOf, historyIds, bookingIds, kinds);
		}
	}

}
