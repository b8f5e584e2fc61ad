package org.bookinglifecycle.kit;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.bookinglifecycle.kit.definition.RunParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A step that is one report query: rows of ({@code kind}, {@code name}, {@code rows})
 * turned into one line in the step's exit description (kept by the job repository,
 * printed by {@code run} and {@code show}) and the log. A statement that also records
 * (skipped rows, say) takes the run's dry-run flag and records nothing in a dry run.
 * Counts only, never row contents.
 */
public final class ReportTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(ReportTasklet.class);

	private final String name;

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final JdbcTemplate jdbc;

	private final String heading;

	private final String reportSql;

	private final Function<StepRun, Object[]> reportParameters;

	ReportTasklet(String name, JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc, String heading, String reportSql, Function<StepRun, Object[]> reportParameters) {
		this.name = name;
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.jdbc = jdbc;
		this.heading = heading;
		this.reportSql = reportSql;
		this.reportParameters = reportParameters;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		RunParameters run = RunParameters.of(contribution.getStepExecution().getJobParameters());
		List<Map<String, Object>> rows = this.jdbc.queryForList(this.reportSql,
				this.reportParameters.apply(new StepRun(run, contribution.getStepExecution(), new StepCounters())));
		StringBuilder report = new StringBuilder();
		for (Map<String, Object> row : rows) {
			if (!report.isEmpty()) {
				report.append("; ");
			}
			report.append(row.get("kind")).append(' ').append(row.get("name")).append('=').append(row.get("rows"));
		}
		String line = this.heading + (report.isEmpty() ? "nothing" : report.toString());
		contribution.getStepExecution()
			.setExitStatus(contribution.getStepExecution().getExitStatus().addExitDescription(line));
		logger.info("{}: {}", contribution.getStepExecution().getJobExecution().getJobInstance().getJobName(), line);
		return RepeatStatus.FINISHED;
	}

	/**
	 * This report as a step of its own, run again on every restart.
	 * @return the step
	 */
	public Step asStep() {
		return new StepBuilder(this.name, this.jobRepository).tasklet(this, this.transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

}
