package org.bookinglifecycle.partitions;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which partitions a range parent should have, as pure arithmetic on UTC months (the
 * catalog is read by the callers): the months wanted, less those an existing partition
 * already covers, grouped into partitions of the parent's width. A width of {@code w}
 * months cuts at every {@code w}-th month counted from January (3: quarters), so a
 * partition never straddles two periods and months left between existing partitions of
 * another width (a database converted with monthly partitions, now kept in quarters) get
 * a shorter partition up to the next cut. Existing ranges count as covering every month
 * they touch.
 */
final class PartitionLayout {

	/** The widths allowed: divisors of twelve, so every year starts a period. */
	static final List<Integer> WIDTHS = List.of(1, 2, 3, 4, 6, 12);

	private PartitionLayout() {
	}

	/**
	 * The first month of a tier still within its period on {@code day}: every month
	 * before it ends at or before {@code day} minus the period, so the retention purge of
	 * that day drops it whole (its upper bound plus the period is at or before the day's
	 * start, as {@code expired-partitions.sql} reads it).
	 * @param day the day (UTC)
	 * @param years the tier's period
	 * @return the month
	 */
	static YearMonth firstLive(LocalDate day, int years) {
		return YearMonth.from(day.minusYears(years));
	}

	/**
	 * Every month from {@code from} to {@code end} (excluded).
	 * @param from the first
	 * @param end the month after the last
	 * @return the months
	 */
	static SortedSet<YearMonth> months(YearMonth from, YearMonth end) {
		SortedSet<YearMonth> months = new TreeSet<>();
		for (YearMonth month = from; month.isBefore(end); month = month.plusMonths(1)) {
			months.add(month);
		}
		return months;
	}

	/**
	 * Every month of the period of {@code width} months a month falls in.
	 * @param month the month
	 * @param width months per period
	 * @return the period's months
	 */
	static SortedSet<YearMonth> period(YearMonth month, int width) {
		YearMonth first = month.minusMonths((month.getMonthValue() - 1) % width);
		return months(first, first.plusMonths(width));
	}

	/**
	 * The wanted months no existing range touches, grouped into partitions: runs of
	 * consecutive months, cut at every period of {@code width} months.
	 * @param wanted the months wanted
	 * @param existing the ranges there are (from, to; {@code null} for an unbounded side)
	 * @param width months per period
	 * @return the partitions to make, in order
	 */
	static List<Span> missing(Collection<YearMonth> wanted, List<Timestamp[]> existing, int width) {
		List<Span> spans = new ArrayList<>();
		YearMonth first = null;
		YearMonth previous = null;
		for (YearMonth month : new TreeSet<>(wanted)) {
			if (covered(month, existing)) {
				continue;
			}
			boolean cut = previous == null || !month.equals(previous.plusMonths(1))
					|| (month.getMonthValue() - 1) % width == 0;
			if (cut) {
				if (first != null) {
					spans.add(new Span(first, previous.plusMonths(1)));
				}
				first = month;
			}
			previous = month;
		}
		if (first != null) {
			spans.add(new Span(first, previous.plusMonths(1)));
		}
		return spans;
	}

	/**
	 * Whether an existing range touches a month.
	 * @param month the month
	 * @param existing the ranges (from, to; {@code null} for an unbounded side)
	 * @return whether one does
	 */
	static boolean covered(YearMonth month, List<Timestamp[]> existing) {
		long start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
		long end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
		for (Timestamp[] range : existing) {
			long from = (range[0] != null) ? range[0].getTime() : Long.MIN_VALUE;
			long to = (range[1] != null) ? range[1].getTime() : Long.MAX_VALUE;
			if (from < end && start < to) {
				return true;
			}
		}
		return false;
	}

}
