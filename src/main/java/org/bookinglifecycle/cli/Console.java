package org.bookinglifecycle.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.kit.OpsOutput;

/**
 * The one place the CLI prints through: results on standard output, problems on standard
 * error, tables aligned. Logs go to standard error separately, so output can be piped.
 */
public final class Console implements OpsOutput {

	private final PrintWriter out;

	private final PrintWriter err;

	Console(PrintWriter out, PrintWriter err) {
		this.out = out;
		this.err = err;
	}

	/**
	 * Print a line of output.
	 * @param format a {@link String#format} pattern
	 * @param args its arguments
	 */
	@Override
	public void line(String format, Object... args) {
		this.out.println((args.length == 0) ? format : String.format(format, args));
		this.out.flush();
	}

	/**
	 * Print a problem.
	 * @param message the message
	 */
	public void error(String message) {
		this.err.println(message);
		this.err.flush();
	}

	/**
	 * Print a table, columns padded to their widest cell.
	 * @param headers column names
	 * @param rows the cells, as text
	 */
	@Override
	public void table(List<String> headers, List<List<String>> rows) {
		List<List<String>> all = new ArrayList<>();
		all.add(headers);
		all.addAll(rows);
		int[] widths = new int[headers.size()];
		for (List<String> row : all) {
			for (int i = 0; i < row.size(); i++) {
				widths[i] = Math.max(widths[i], String.valueOf(row.get(i)).length());
			}
		}
		for (List<String> row : all) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < row.size(); i++) {
				String cell = String.valueOf(row.get(i));
				line.append(cell);
				if (i < row.size() - 1) {
					line.append(" ".repeat(widths[i] - cell.length() + 2));
				}
			}
			this.out.println(line.toString().stripTrailing());
		}
		this.out.flush();
	}

}
