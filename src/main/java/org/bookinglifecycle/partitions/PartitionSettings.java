package org.bookinglifecycle.partitions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The partition settings ({@code partitions} in {@code jobs/maintain-partitions.yml}):
 * the tables maintain-partitions keeps monthly partitions for, and how DDL on a live
 * table waits for its locks (both partition jobs).
 *
 * @param tables the partitioned tables to maintain; nothing else is touched
 * @param lockTimeout how long one DDL attempt may wait for a lock
 * @param ddlRetries attempts after the first when a DDL timed out on a lock
 * @param maxBackoff the longest pause between two attempts
 * @param rescueBatch rows moved out of a default partition per transaction
 * @param historyMonths how far back months are made without a gap; older rows get only
 * their own months (a stray 1970 row does not make 670 partitions)
 * @param widths the range parents whose partitions span more than one month
 */
@ConfigurationProperties("partitions")
public record PartitionSettings(List<String> tables, Duration lockTimeout, Integer ddlRetries, Duration maxBackoff,
		Integer rescueBatch, Integer historyMonths, List<Width> widths) {

	private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,55}");

	public PartitionSettings {
		tables = (tables != null) ? List.copyOf(tables) : List.of();
		lockTimeout = (lockTimeout != null) ? lockTimeout : Duration.ofSeconds(2);
		ddlRetries = (ddlRetries != null) ? ddlRetries : 10;
		maxBackoff = (maxBackoff != null) ? maxBackoff : Duration.ofSeconds(30);
		rescueBatch = (rescueBatch != null) ? rescueBatch : 10_000;
		historyMonths = (historyMonths != null) ? historyMonths : 120;
		widths = (widths != null) ? List.copyOf(widths) : List.of();
	}

	/**
	 * The months per partition of a range parent.
	 *
	 * @param parent the parent's bare name (a tier of audit_logs:
	 * {@code audit_logs_critical})
	 * @param months months per partition, a divisor of 12: partitions start every
	 * {@code months}-th month counted from January (3: quarters)
	 */
	public record Width(String parent, Integer months) {

	}

	/**
	 * The months per partition of a range parent: as listed under
	 * {@code partitions.widths}, else one.
	 * @param parent the parent's bare name
	 * @return the months
	 */
	public int width(String parent) {
		return this.widths.stream()
			.filter((width) -> parent.equals(width.parent()) && width.months() != null)
			.map(Width::months)
			.findFirst()
			.orElse(1);
	}

	/**
	 * Everything wrong with the settings, before any SQL.
	 * @return the problems, each naming the setting and what is allowed
	 */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (this.tables.isEmpty()) {
			problems.add("partitions.tables is empty; list the partitioned tables to maintain (audit_logs)");
		}
		for (String table : this.tables) {
			if (!NAME.matcher(table).matches()) {
				problems.add("partitions.tables: '" + table + "' is not allowed; a table name is a lowercase letter"
						+ " or _, then lowercase letters, digits or _, at most 56 (its months add _YYYYMM)");
			}
		}
		if (this.lockTimeout.toMillis() < 10 || this.lockTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
			problems.add("partitions.lock-timeout is " + this.lockTimeout + "; allowed: 10ms to 1m");
		}
		if (this.ddlRetries < 0 || this.ddlRetries > 1000) {
			problems.add("partitions.ddl-retries is " + this.ddlRetries + "; allowed: 0 to 1000");
		}
		if (this.maxBackoff.isNegative() || this.maxBackoff.compareTo(Duration.ofMinutes(10)) > 0) {
			problems.add("partitions.max-backoff is " + this.maxBackoff + "; allowed: 0s to 10m");
		}
		if (this.rescueBatch < 1 || this.rescueBatch > 1_000_000) {
			problems.add("partitions.rescue-batch is " + this.rescueBatch + "; allowed: 1 to 1000000");
		}
		if (this.historyMonths < 12 || this.historyMonths > 1200) {
			problems.add("partitions.history-months is " + this.historyMonths + "; allowed: 12 to 1200");
		}
		List<String> seen = new ArrayList<>();
		for (Width width : this.widths) {
			if (width.parent() == null || !NAME.matcher(width.parent()).matches()) {
				problems.add("partitions.widths: parent '" + width.parent() + "' is not allowed; a range parent's"
						+ " name (audit_logs_critical), a lowercase letter or _, then lowercase letters, digits or _");
			}
			else if (seen.contains(width.parent())) {
				problems.add("partitions.widths lists " + width.parent() + " twice");
			}
			seen.add(width.parent());
			if (width.months() == null || !PartitionLayout.WIDTHS.contains(width.months())) {
				problems.add("partitions.widths: " + width.parent() + " has months " + width.months() + "; allowed: "
						+ PartitionLayout.WIDTHS + " (a divisor of 12)");
			}
		}
		return problems;
	}

}
