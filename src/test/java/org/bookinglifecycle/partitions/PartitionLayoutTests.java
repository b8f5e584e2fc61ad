package org.bookinglifecycle.partitions;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout arithmetic with months written out: which partitions a parent gets, where
 * they are cut, and the first month of a tier the purge of a day does not drop whole.
 */
class PartitionLayoutTests {

	@Test
	void aTiersFirstLiveMonthIsTheOneHoldingTheDayMinusItsPeriod() {
		// 2019-10 ends 2019-11-01; plus 7 years is 2026-11-01, at or before 2026-11-26:
		// dropped; 2019-11 ends 2019-12-01, plus 7 years is after: kept
		assertThat(PartitionLayout.firstLive(LocalDate.of(2026, 11, 26), 7)).isEqualTo(YearMonth.of(2019, 11));
		// on the first of a month, the month before is already wholly past
		assertThat(PartitionLayout.firstLive(LocalDate.of(2026, 12, 1), 7)).isEqualTo(YearMonth.of(2019, 12));
		assertThat(PartitionLayout.firstLive(LocalDate.of(2026, 11, 30), 7)).isEqualTo(YearMonth.of(2019, 11));
		// 29 February minus a year: 2027-01 ends 2027-02-01, plus 1 year 2028-02-01 <=
		// 2028-02-29
		assertThat(PartitionLayout.firstLive(LocalDate.of(2028, 2, 29), 1)).isEqualTo(YearMonth.of(2027, 2));
	}

	@Test
	void periodsAreCutEveryWidthMonthsCountedFromJanuary() {
		assertThat(PartitionLayout.period(YearMonth.of(2027, 5), 3)).containsExactly(YearMonth.of(2027, 4),
				YearMonth.of(2027, 5), YearMonth.of(2027, 6));
		assertThat(PartitionLayout.period(YearMonth.of(2027, 3), 3)).first().isEqualTo(YearMonth.of(2027, 1));
		assertThat(PartitionLayout.period(YearMonth.of(2027, 7), 6)).first().isEqualTo(YearMonth.of(2027, 7));
		assertThat(PartitionLayout.period(YearMonth.of(2027, 12), 12)).hasSize(12)
			.first()
			.isEqualTo(YearMonth.of(2027, 1));
		assertThat(PartitionLayout.period(YearMonth.of(2027, 12), 1)).containsExactly(YearMonth.of(2027, 12));
	}

	@Test
	void monthsLeftBesideMonthlyPartitionsGetAShorterPartitionUpToTheNextQuarter() {
		// converted with months through 2027-01; kept in quarters from now on, wanted
		// through the quarter holding 2027-05
		List<Timestamp[]> existing = List.of(range("2026-12-01", "2027-01-01"), range("2027-01-01", "2027-02-01"));

		List<Span> missing = PartitionLayout
			.missing(PartitionLayout.months(YearMonth.of(2026, 12), YearMonth.of(2027, 7)), existing, 3);

		assertThat(missing).containsExactly(new Span(YearMonth.of(2027, 2), YearMonth.of(2027, 4)),
				new Span(YearMonth.of(2027, 4), YearMonth.of(2027, 7)));
		assertThat(missing).extracting(Span::suffix).containsExactly("202702_202703", "202704_202706");
		assertThat(missing).extracting(Span::from).containsExactly("'2027-02-01T00:00:00Z'", "'2027-04-01T00:00:00Z'");
		assertThat(missing).extracting(Span::to).containsExactly("'2027-04-01T00:00:00Z'", "'2027-07-01T00:00:00Z'");
	}

	@Test
	void aMonthAnExistingRangeTouchesIsCoveredAndAGapCutsAPartition() {
		// a hand-made range from the 15th touches both of its months; an unbounded one
		// everything after it
		List<Timestamp[]> existing = List.of(range("2027-02-15", "2027-03-15"),
				new Timestamp[] { Timestamp.from(Instant.parse("2028-01-01T00:00:00Z")), null });
		List<YearMonth> wanted = List.of(YearMonth.of(2027, 1), YearMonth.of(2027, 2), YearMonth.of(2027, 3),
				YearMonth.of(2027, 4), YearMonth.of(2027, 6), YearMonth.of(2028, 2));

		assertThat(PartitionLayout.missing(wanted, existing, 3)).containsExactly(Span.month(YearMonth.of(2027, 1)),
				Span.month(YearMonth.of(2027, 4)), Span.month(YearMonth.of(2027, 6)));
		assertThat(PartitionLayout.missing(wanted, List.of(), 1)).hasSize(6)
			.allSatisfy((span) -> assertThat(span.months()).isEqualTo(1));
		assertThat(PartitionLayout.missing(wanted, List.of(), 12)).containsExactly(
				new Span(YearMonth.of(2027, 1), YearMonth.of(2027, 5)), Span.month(YearMonth.of(2027, 6)),
				Span.month(YearMonth.of(2028, 2)));
	}

	@Test
	void aSpanNamesItsFirstAndLastMonth() {
		assertThat(Span.month(YearMonth.of(2027, 4)).suffix()).isEqualTo("202704");
		assertThat(new Span(YearMonth.of(2018, 9), YearMonth.of(2019, 11)).suffix()).isEqualTo("201809_201910");
		assertThat(new Span(YearMonth.of(2018, 9), YearMonth.of(2019, 11)).months()).isEqualTo(14);
	}

	private static Timestamp[] range(String from, String to) {
		return new Timestamp[] { Timestamp.from(Instant.parse(from + "T00:00:00Z")),
				Timestamp.from(Instant.parse(to + "T00:00:00Z")) };
	}

}
