package org.bookinglifecycle.partitions;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.StatusContributor;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.job.Job;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/**
 * {@code maintain-partitions}: for every table of {@code partitions.tables} in
 * {@code jobs/maintain-partitions.yml} (or the one named by {@code table=}), partitions
 * of a month (or of the parent's width, {@code partitions.widths}) from the oldest row's
 * month through {@code premake} months ahead of the calendar, a default partition for
 * every range, and the rows of a default moved into the partitions they belong to. Every
 * DDL is short-locked and retried; two runs never do DDL at once (a session advisory
 * lock). A dry run lists what a run would create and move.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PartitionSettings.class)
public class MaintainPartitionsJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "maintain-partitions";

	static final ParameterSpec PREMAKE = ParameterSpec
		.optional("premake", ParameterSpec.Type.INTEGER, "4", "months ahead")
		.atMost(120);

	static final ParameterSpec TABLE = ParameterSpec.optional("table", ParameterSpec.Type.NAME, null, "one table");

	@Bean
	Job maintainPartitionsJob(LifecycleJobs jobs, JdbcTemplate jdbc, DataSource dataSource, PartitionSettings settings,
			Clock clock) {
		return jobs.job(JOB)
			.check("jobs/maintain-partitions.yml", settings::problems)
			.checkRun("Parameter table", (run) -> tableProblems(jdbc, settings, run))
			.dryRun(jobs.tasklet("planPartitionsStep",
					(run) -> new PartitionPlanTasklet(jdbc, tables(settings, run.parameters()),
							(int) run.parameters().number(PREMAKE), clock, run, settings)))
			.steps(jobs.tasklet("maintainPartitionsStep", (run) -> new MaintainPartitionsTasklet(dataSource, settings,
					tables(settings, run.parameters()), run, (int) run.parameters().number(PREMAKE), clock)));
	}

	@Bean
	StatusContributor maintainPartitionsStatus(PartitionSettings settings) {
		return (jdbc, exact) -> {
			List<StatusContributor.StatusFigure> figures = new ArrayList<>();
			for (String table : settings.tables()) {
				if (!"p".equals(relkind(jdbc, table))) {
					continue;
				}
				jdbc.query(SqlFiles.load(JOB, "status"), (rs) -> {
					String section = rs.getString("section_name");
					figures.add(new StatusContributor.StatusFigure(JOB, section + ": partitions",
							rs.getLong("partitions"), false));
					figures.add(new StatusContributor.StatusFigure(JOB, section + ": months premade ahead",
							rs.getLong("months_ahead"), false));
					figures.add(new StatusContributor.StatusFigure(JOB, section + ": rows in the default partition",
							rs.getLong("default_rows"), rs.getBoolean("default_estimated")));
				}, table, table, exact);
			}
			return figures;
		};
	}

	/**
	 * The tables of a run: the one named by {@code table=}, else every configured one.
	 */
	static List<String> tables(PartitionSettings settings, RunParameters run) {
		String table = run.textOrNull(TABLE);
		return (table != null) ? List.of(table) : settings.tables();
	}

	static List<String> tableProblems(JdbcTemplate jdbc, PartitionSettings settings, RunParameters run) {
		List<String> problems = new ArrayList<>();
		String table = run.textOrNull(TABLE);
		if (table != null && !settings.tables().contains(table)) {
			problems.add("'" + table + "' is not one of partitions.tables in jobs/maintain-partitions.yml; allowed: "
					+ String.join(", ", settings.tables()));
			return problems;
		}
		for (String configured : tables(settings, run)) {
			String kind = relkind(jdbc, configured);
			if (kind == null) {
				problems.add("table '" + configured + "' (partitions.tables) does not exist in the database");
			}
			else if ("p".equals(kind)) {
				List<RangeParent> parents = RangeParent.of(jdbc, configured);
				if (parents.isEmpty()) {
					problems.add("table '" + configured + "' has no range partitioning to keep in months");
				}
				parents.stream()
					.map((parent) -> parent.problem(settings.width(parent.parentName())))
					.filter((p) -> p != null)
					.forEach(problems::add);
			}
		}
		return problems;
	}

	static String relkind(JdbcTemplate jdbc, String table) {
		return jdbc.queryForObject("SELECT (SELECT relkind::text FROM pg_class WHERE oid = to_regclass(quote_ident(?))"
				+ " AND relkind IN ('r', 'p'))", String.class, table);
	}

	static long defaultRows(JdbcTemplate jdbc, String table) {
		if (!"p".equals(relkind(jdbc, table))) {
			return 0;
		}
		return jdbc.queryForObject("SELECT COALESCE(sum(c.row_count), 0) FROM lifecycle_partition_leaves("
				+ "to_regclass(quote_ident(?))) l, lifecycle_row_count(l.leaf, 'TRUE', TRUE) c WHERE l.is_default",
				Long.class, table);
	}

}
