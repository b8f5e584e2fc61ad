package org.bookinglifecycle.cli;

import java.util.List;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.StatusContributor.StatusFigure;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;
import org.bookinglifecycle.operations.StatusFigures;

import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code status}: the dashboard: each job's figures (table sizes, what is left to do),
 * estimated from PostgreSQL's statistics unless {@code --exact}, the last execution of
 * every job, and executions still running with their owners.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
		description = { "Dashboard: each job's figures, last execution of every job, running executions.",
				"Figures marked ~ are estimates from PostgreSQL's statistics (no table scan); --exact counts them." })
class StatusCommand extends DatabaseCommand {

	@Option(names = "--exact", description = "count every figure exactly (scans whole tables: slow on large ones)")
	boolean exact;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		JdbcTemplate jdbc = runtime.bean(JdbcTemplate.class);
		console.line("database: %s", runtime.database().displayUrl());
		List<StatusFigure> figures = runtime.bean(StatusFigures.class).figures(this.exact);
		console.table(List.of("job", "figure", "value"),
				figures.stream().map((figure) -> List.of(figure.section(), figure.name(), value(figure))).toList());
		if (figures.stream().anyMatch(StatusFigure::estimated)) {
			console.line(
					"~ estimated from PostgreSQL's statistics (kept by ANALYZE and autovacuum); `status --exact` counts");
		}
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

	/**
	 * A figure's value as printed: grouped digits, {@code ~} first when estimated.
	 * @param figure the figure
	 * @return the text
	 */
	static String value(StatusFigure figure) {
		return (figure.estimated() ? "~" : "") + String.format("%,d", figure.value());
	}

}
