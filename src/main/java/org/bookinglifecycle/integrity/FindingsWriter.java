package org.bookinglifecycle.integrity;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records a chunk's findings in {@code integrity_findings} with one statement, and keeps
 * a count per kind in the step's execution context (committed with the chunk, so the
 * counts survive a restart). A dry run counts without recording.
 */
class FindingsWriter implements ItemStreamWriter<Finding> {

	static final String COUNT_KEY_PREFIX = "findings.";

	private final JdbcTemplate jdbc;

	private final long jobInstanceId;

	private final LocalDate asOf;

	private final boolean dryRun;

	private final Map<Finding.Kind, Long> counts = new EnumMap<>(Finding.Kind.class);

	FindingsWriter(JdbcTemplate jdbc, long jobInstanceId, LocalDate asOf, boolean dryRun) {
		this.jdbc = jdbc;
		this.jobInstanceId = jobInstanceId;
		this.asOf = asOf;
		this.dryRun = dryRun;
	}

	@Override
	public void open(ExecutionContext context) {
		for (Finding.Kind kind : Finding.Kind.values()) {
			this.counts.put(kind, context.getLong(COUNT_KEY_PREFIX + kind.code(), 0L));
		}
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
			this.counts.merge(finding.kind(), 1L, Long::sum);
			i++;
		}
		if (!this.dryRun && size > 0) {
			this.jdbc.update(SqlFiles.load("verify-integrity", "record-findings"), this.jobInstanceId, this.asOf,
					historyIds, bookingIds, kinds);
		}
	}

	@Override
	public void update(ExecutionContext context) {
		this.counts.forEach((kind, count) -> context.putLong(COUNT_KEY_PREFIX + kind.code(), count));
	}

}
