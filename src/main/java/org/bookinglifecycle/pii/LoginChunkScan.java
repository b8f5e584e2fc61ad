package org.bookinglifecycle.pii;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.kit.StepRun;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One chunk of the work list's user accounts, their logins scanned with one read-only
 * statement (scan-logins.sql: the login rows of every table of audit rows read once for
 * the chunk), then, in the chunk's transaction, its findings counted and, in a real run,
 * made the open findings of its accounts. An account is in the work list once, whatever
 * the number of its guest's stays, so its logins are counted once.
 */
final class LoginChunkScan implements ItemWriter<Long> {

	/** The counter of user accounts the step scanned. */
	static final String ACCOUNTS = "accounts";

	private final JdbcTemplate jdbc;

	private final StepRun run;

	private final String sql;

	private final Object[] settings;

	LoginChunkScan(JdbcTemplate jdbc, MaskedForms forms, StepRun run) {
		this.jdbc = jdbc;
		this.run = run;
		this.sql = PiiSql.perAuditTable("scan-logins", "login-rows", PiiSql.auditTables(jdbc));
		this.settings = new Object[] { run.jobInstanceId(),
				Date.valueOf(ScanPiiJobConfiguration.limit(forms, run.parameters().asOf())),
				forms.forms().toArray(String[]::new) };
	}

	@Override
	public void write(Chunk<? extends Long> chunk) {
		PiiSql.ensureFunctions(this.jdbc);
		Long[] ids = chunk.getItems().toArray(Long[]::new);
		Object[] parameters = new Object[1 + this.settings.length];
		parameters[0] = ids;
		System.arraycopy(this.settings, 0, parameters, 1, this.settings.length);
		List<SubjectFinding> findings = new ArrayList<>(
				this.jdbc.query(this.sql, (rs, i) -> SubjectFinding.of(rs), parameters));
		this.run.counters().add(ACCOUNTS, ids.length);
		OpenFindings.count(this.run.counters(), findings);
		if (!this.run.parameters().dryRun()) {
			this.run.counters()
				.add(OpenFindings.CLEARED, OpenFindings.replace(this.jdbc, "USER", ids, findings,
						this.run.jobInstanceId(), this.run.parameters().asOf()));
		}
	}

}
