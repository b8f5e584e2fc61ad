package org.bookinglifecycle.pii;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.kit.StepRun;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One chunk of the work list's bookings, scanned with one read-only statement
 * (scan-bookings.sql: the history rows, and the audit rows of every table of audit rows
 * read once for the chunk), then, in the chunk's transaction: its findings counted and,
 * in a real run, made the open findings of its bookings; its guests' user accounts added
 * to the work list for the logins step (a dry run too: the work list is removed when the
 * scan ends).
 */
final class BookingChunkScan implements ItemWriter<Long> {

	/** The counter of bookings in scope the step scanned. */
	static final String BOOKINGS = "bookings";

	private final JdbcTemplate jdbc;

	private final StepRun run;

	private final String sql;

	private final Object[] settings;

	BookingChunkScan(JdbcTemplate jdbc, MaskedForms forms, StepRun run) {
		this.jdbc = jdbc;
		this.run = run;
		this.sql = PiiSql.perAuditTable("scan-bookings", "trail-rows", PiiSql.auditTables(jdbc));
		LocalDate asOf = run.parameters().asOf();
		this.settings = new Object[] { Date.valueOf(ScanPiiJobConfiguration.limit(forms, asOf)), Date.valueOf(asOf),
				forms.forms().toArray(String[]::new), forms.maskedColumns().toArray(String[]::new),
				jdbc.queryForList(PiiSql.load("text-columns"), String.class).toArray(String[]::new),
				PiiSql.heldUsers(jdbc, asOf) };
	}

	@Override
	public void write(Chunk<? extends Long> chunk) {
		PiiSql.ensureFunctions(this.jdbc);
		Long[] ids = chunk.getItems().toArray(Long[]::new);
		Object[] parameters = new Object[1 + this.settings.length];
		parameters[0] = ids;
		System.arraycopy(this.settings, 0, parameters, 1, this.settings.length);
		List<SubjectFinding> findings = new ArrayList<>();
		List<Long> users = new ArrayList<>();
		List<Boolean> allLogins = new ArrayList<>();
		long[] scanned = { 0 };
		this.jdbc.query(this.sql, (rs) -> {
			switch (rs.getString("what")) {
				case "finding" -> findings.add(SubjectFinding.of(rs));
				case "user" -> {
					users.add(rs.getLong("subject_id"));
					allLogins.add(rs.getBoolean("all_logins"));
				}
				default -> scanned[0] += rs.getLong("rows");
			}
		}, parameters);
		this.run.counters().add(BOOKINGS, scanned[0]);
		OpenFindings.count(this.run.counters(), findings);
		if (!this.run.parameters().dryRun()) {
			this.run.counters()
				.add(OpenFindings.CLEARED, OpenFindings.replace(this.jdbc, "BOOKING", ids, findings,
						this.run.jobInstanceId(), this.run.parameters().asOf()));
		}
		if (!users.isEmpty()) {
			this.jdbc.update(PiiSql.load("add-users"), this.run.jobInstanceId(), users.toArray(Long[]::new),
					allLogins.toArray(Boolean[]::new));
		}
	}

}
