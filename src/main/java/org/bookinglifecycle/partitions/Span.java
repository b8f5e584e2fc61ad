package org.bookinglifecycle.partitions;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The range of one partition in whole UTC months, from the first instant of {@code first}
 * to the first instant of {@code end} (excluded): one month, a quarter, or the months of
 * a tier already past its period at the conversion.
 *
 * @param first its first month
 * @param end the month after its last
 */
record Span(YearMonth first, YearMonth end) {

	private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

	Span {
		if (!end.isAfter(first)) {
			throw new IllegalArgumentException("a partition's span ends after it starts: " + first + " to " + end);
		}
	}

	/**
	 * One month.
	 * @param month the month
	 * @return its span
	 */
	static Span month(YearMonth month) {
		return new Span(month, month.plusMonths(1));
	}

	/**
	 * How many months it covers.
	 * @return the months
	 */
	long months() {
		return this.first.until(this.end, java.time.temporal.ChronoUnit.MONTHS);
	}

	/**
	 * The last month it covers.
	 * @return the month before {@code end}
	 */
	YearMonth last() {
		return this.end.minusMonths(1);
	}

	/**
	 * What its partitions' names end with: {@code YYYYMM} for one month, else the first
	 * and the last month, {@code YYYYMM_YYYYMM}. Names are for people: the suite reads a
	 * partition's range from the catalog's bounds, never from its name.
	 * @return the suffix
	 */
	String suffix() {
		return (months() == 1) ? MONTH.format(this.first) : MONTH.format(this.first) + "_" + MONTH.format(last());
	}

	/**
	 * Its first instant, UTC, as a SQL literal.
	 * @return the literal
	 */
	String from() {
		return RangeParent.bound(this.first);
	}

	/**
	 * The first instant after it, UTC, as a SQL literal.
	 * @return the literal
	 */
	String to() {
		return RangeParent.bound(this.end);
	}

	/**
	 * Its first instant and the first instant after it, as the catalog's bounds read.
	 * @return from, to
	 */
	Timestamp[] bounds() {
		return new Timestamp[] { Timestamp.from(instant(this.first)), Timestamp.from(instant(this.end)) };
	}

	private static Instant instant(YearMonth month) {
		return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	@Override
	public String toString() {
		return (months() == 1) ? this.first.toString() : this.first + " to " + last();
	}

}
