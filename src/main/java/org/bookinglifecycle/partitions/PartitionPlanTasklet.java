package org.bookinglifecycle.partitions;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.kit.StepRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * maintain-partitions' dry run: per range parent, the default it would create, the
 * partitions it would create and attach, and the rows it would move out of the default;
 * nothing is written (the catalog and the defaults are only read).
 */
final class PartitionPlanTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(PartitionPlanTasklet.class);

	private final JdbcTemplate jdbc;

	private final List<String> tables;

	private final int premake;

	private final Clock clock;

	private final StepRun run;

	private final PartitionSettings settings;

	PartitionPlanTasklet(JdbcTemplate jdbc, List<String> tables, int premake, Clock clock, StepRun run,
			PartitionSettings settings) {
		this.settings = settings;
		this.jdbc = jdbc;
		this.tables = tables;
		this.premake = premake;
		this.clock = clock;
		this.run = run;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		RangePartitions partitions = new RangePartitions(this.jdbc, null, this.settings,
				RangePartitions.periods(this.jdbc));
		LocalDate today = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
		List<String> lines = new ArrayList<>();
		for (String table : this.tables) {
			if (!"p".equals(MaintainPartitionsJobConfiguration.relkind(this.jdbc, table))) {
				lines.add(table + ": not partitioned (partition-audit-logs converts it)");
				continue;
			}
			for (RangeParent parent : RangeParent.of(this.jdbc, table)) {
				String problem = parent.problem(this.settings.width(parent.parentName()));
				if (problem != null) {
					lines.add(problem);
					continue;
				}
				List<Span> missing = partitions.missing(parent, today, this.premake);
				long strays = 0;
				for (Span span : missing) {
					strays += partitions.strays(parent, span);
				}
				lines.add(parent.parentName() + ": " + ((parent.defaultPartition() == null) ? "create default, " : "")
						+ "create " + missing.size() + " partitions"
						+ (missing.isEmpty() ? ""
								: " (" + missing.get(0).first() + " to " + missing.get(missing.size() - 1).last() + ")")
						+ ", move " + strays + " rows out of the default");
			}
		}
		String line = "dry run, nothing written: " + String.join("; ", lines);
		contribution.getStepExecution()
			.setExitStatus(contribution.getStepExecution().getExitStatus().addExitDescription(line));
		logger.info("{}: {}", MaintainPartitionsJobConfiguration.JOB, line);
		return RepeatStatus.FINISHED;
	}

}
