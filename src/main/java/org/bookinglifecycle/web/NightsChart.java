package org.bookinglifecycle.web;

import java.util.Locale;

import org.springframework.web.util.HtmlUtils;

/**
 * A job's last nights as an SVG drawn on the server (no chart library, no CDN): one bar
 * per night for its run time, a line for the rows it wrote, each scaled to its own
 * largest value, which the chart labels; a night without a run has no bar.
 */
final class NightsChart {

	static final int WIDTH = 620;

	static final int HEIGHT = 140;

	private static final int LEFT = 10;

	private static final int TOP = 22;

	private static final int PLOT_HEIGHT = 90;

	private NightsChart() {
	}

	/**
	 * The chart.
	 * @param nights the job's nights
	 * @return an {@code <svg>} element
	 */
	static String svg(OpsReads.JobNights nights) {
		double[] seconds = nights.seconds();
		long[] rows = nights.rows();
		int days = seconds.length;
		double maxSeconds = 0;
		long maxRows = 0;
		for (int i = 0; i < days; i++) {
			maxSeconds = Math.max(maxSeconds, seconds[i]);
			maxRows = Math.max(maxRows, rows[i]);
		}
		double slot = (WIDTH - 2.0 * LEFT) / days;
		StringBuilder svg = new StringBuilder();
		String job = HtmlUtils.htmlEscape(nights.job());
		svg.append(format(
				"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\""
						+ " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s: run time and rows per night\">",
				WIDTH, HEIGHT, WIDTH, HEIGHT, job));
		svg.append(format("<text x=\"%d\" y=\"14\" class=\"title\">%s: max %.1f s (bars), max %d rows (line)</text>",
				LEFT, job, maxSeconds, maxRows));
		svg.append(format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>", LEFT, TOP + PLOT_HEIGHT,
				WIDTH - LEFT, TOP + PLOT_HEIGHT));
		for (int i = 0; i < days; i++) {
			if (seconds[i] > 0 || rows[i] > 0) {
				double height = (maxSeconds > 0) ? Math.max(1, PLOT_HEIGHT * seconds[i] / maxSeconds) : 1;
				svg.append(format(
						"<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
								+ "<title>%s: %.1f s, %d rows</title></rect>",
						LEFT + i * slot + 1, TOP + PLOT_HEIGHT - height, Math.max(1, slot - 2), height,
						nights.first().plusDays(i), seconds[i], rows[i]));
			}
		}
		StringBuilder points = new StringBuilder();
		for (int i = 0; i < days; i++) {
			double y = TOP + PLOT_HEIGHT - ((maxRows > 0) ? PLOT_HEIGHT * (double) rows[i] / maxRows : 0);
			points.append(format("%.1f,%.1f ", LEFT + i * slot + slot / 2, y));
		}
		svg.append(format("<polyline class=\"rows\" fill=\"none\" points=\"%s\"/>", points.toString().strip()));
		svg.append(format("<text x=\"%d\" y=\"%d\" class=\"label\">%s</text>", LEFT, HEIGHT - 8, nights.first()));
		svg.append(format("<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"end\">%s</text>", WIDTH - LEFT,
				HEIGHT - 8, nights.first().plusDays(days - 1L)));
		svg.append("</svg>");
		return svg.toString();
	}

	private static String format(String format, Object... arguments) {
		return String.format(Locale.ROOT, format, arguments);
	}

}
