package org.bookinglifecycle.cli;

import java.sql.Timestamp;
import java.util.List;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.operations.LifecycleRuntime;

import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code executions}: the job executions, newest first: what ran, for which night, how it
 * ended.
 */
@Command(name = "executions", mixinStandardHelpOptions = true,
		description = "List job executions, newest first (what happened last night).")
class ExecutionsCommand extends DatabaseCommand {

	@Option(names = "--job", description = "only this job")
	String job;

	@Option(names = "--status", description = "only this status: STARTED, COMPLETED, FAILED, STOPPED, ABANDONED...")
	String status;

	@Option(names = "--limit", defaultValue = "20", description = "at most this many (default ${DEFAULT-VALUE})")
	int limit;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		String wanted = (this.status != null) ? this.status.toUpperCase() : null;
		List<List<String>> rows = runtime.bean(JdbcTemplate.class)
			.query(SqlFiles.ops("executions"),
					(rs, i) -> List.of(rs.getString("job_execution_id"), rs.getString("job_name"),
							String.valueOf(rs.getString("as_of")),
							"true".equals(rs.getString("dry_run")) ? "dry run" : "", rs.getString("status"),
							rs.getString("exit_code"), time(rs.getTimestamp("start_time")),
							time(rs.getTimestamp("end_time")), rs.getString("read_count"), rs.getString("write_count")),
					this.job, this.job, wanted, wanted, null, null, null, null, this.limit, 0);
		if (rows.isEmpty()) {
			console.line("no executions");
			return ExitCodes.COMPLETED;
		}
		console.table(List.of("id", "job", "asOf", "", "status", "exit", "started", "ended", "read", "written"), rows);
		return ExitCodes.COMPLETED;
	}

	static String time(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().withNano(0).toString().replace('T', ' ') : "-";
	}

}
