package org.bookinglifecycle.web;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The performance chart: a bar per night that ran, none for a night that did not, the
 * largest values labelled, the line scaled to the most rows.
 */
class NightsChartTests {

	@Test
	void drawsABarPerNightThatRanAndLabelsTheLargestValues() {
		OpsReads.JobNights nights = new OpsReads.JobNights("archive-bookings", LocalDate.parse("2026-01-01"), 30);
		nights.add(LocalDate.parse("2026-01-01"), 1, 0, 10.0, 500);
		nights.add(LocalDate.parse("2026-01-30"), 2, 1, 40.0, 2000);
		// outside the window: counted in the totals, not drawn
		nights.add(LocalDate.parse("2025-12-31"), 1, 0, 5.0, 100);

		String svg = NightsChart.svg(nights);

		assertThat(svg).startsWith("<svg").endsWith("</svg>");
		assertThat(svg.split("<rect ", -1)).hasSize(3);
		assertThat(svg).contains("max 40.0 s (bars), max 2000 rows (line)")
			.contains("<title>2026-01-30: 40.0 s, 2000 rows</title>")
			.contains(">2026-01-01</text>")
			.contains(">2026-01-30</text>");
		// the tallest bar fills the plot, the other a quarter of it
		assertThat(svg).contains("height=\"90.0\"").contains("height=\"22.5\"");
		assertThat(nights.executions()).isEqualTo(4);
		assertThat(nights.errorRate()).isEqualTo(25.0);
		assertThat(nights.rowsPerSecond()).isEqualTo(2500 / 50.0);
	}

	@Test
	void escapesTheJobNameAndDrawsNoBarWithoutRuns() {
		OpsReads.JobNights nights = new OpsReads.JobNights("<job>", LocalDate.parse("2026-01-01"), 30);

		String svg = NightsChart.svg(nights);

		assertThat(svg).doesNotContain("<rect ").contains("&lt;job&gt;").doesNotContain("<job>");
	}

}
