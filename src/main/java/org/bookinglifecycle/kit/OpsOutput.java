package org.bookinglifecycle.kit;

import java.util.List;

/**
 * Where ops-facing text goes (the CLI's console, later a web page): lines and aligned
 * tables. What jobs and the lab print through, so they never name the CLI. Counts, ids
 * and codes only, never personal data.
 */
public interface OpsOutput {

	/**
	 * Print a line.
	 * @param format a {@link String#format} pattern
	 * @param args its arguments
	 */
	void line(String format, Object... args);

	/**
	 * Print a table, columns padded to their widest cell.
	 * @param headers column names
	 * @param rows the cells, as text
	 */
	void table(List<String> headers, List<List<String>> rows);

}
