package org.bookinglifecycle.cli;

import org.bookinglifecycle.operations.LifecycleRuntime;
import org.bookinglifecycle.operations.JobOperations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;

import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;

/**
 * {@code status}: the dashboard: the size and compliance figures of the platform's
 * tables, the last execution of every job, and executions still running with their
 * owners.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
		description = "Dashboard: table sizes, compliance figures, last execution of every job, running executions.")
class StatusCommand extends DatabaseCommand {

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		JdbcTemplate jdbc = runtime.bean(JdbcTemplate.class);
		console.line("database: %s", runtime.database().displayUrl());
		Map<String, Object> counts = jdbc.queryForMap(SqlFiles.ops("platform-counts"));
		List<List<String>> figures = new ArrayList<>();
		counts.forEach((name, value) -> figures.add(List.of(name.replace('_', ' '), String.format("%,d", value))));
		console.table(List.of("figure", "value"), figures);
		List<List<String>> last = jdbc.query(SqlFiles.ops("last-execution-per-job"),
				(rs, i) -> List.of(rs.getString("job_name"), rs.getString("job_execution_id"), rs.getString("status"),
						rs.getString("exit_code"), ExecutionsCommand.time(rs.getTimestamp("start_time")),
						ExecutionsCommand.time(rs.getTimestamp("end_time"))));
		console.line("");
		if (last.isEmpty()) {
			console.line("no job has run yet");
		}
		else {
			console.table(List.of("job", "last execution", "status", "exit", "started", "ended"), last);
		}
		JobOperations control = runtime.bean(JobOperations.class);
		List<Long> running = jdbc.queryForList(
				"SELECT job_execution_id FROM batch_job_execution WHERE status IN ('STARTING', 'STARTED', 'STOPPING') ORDER BY 1",
				Long.class);
		for (long id : running) {
			console.line("running: execution %d, owner %s", id, control.ownerOf(id).orElse("not recorded"));
		}
		return ExitCodes.COMPLETED;
	}

}
