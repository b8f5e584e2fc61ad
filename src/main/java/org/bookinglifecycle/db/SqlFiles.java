package org.bookinglifecycle.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL a job runs, read from {@code sql/jobs/<job>/<name>.sql} (one statement per
 * file, packaged on the classpath), and the CLI's reports from {@code sql/ops}. A job's
 * SQL stays readable and reviewable as SQL, beside the other files of the job.
 */
public final class SqlFiles {

	private static final Map<String, String> cache = new ConcurrentHashMap<>();

	private SqlFiles() {
	}

	/**
	 * The text of one statement.
	 * @param job the job's directory under {@code sql/jobs}, e.g.
	 * {@code verify-integrity}
	 * @param name the file name without {@code .sql}
	 * @return the statement, without a trailing semicolon
	 */
	public static String load(String job, String name) {
		return cache.computeIfAbsent("sql/jobs/" + job + "/" + name + ".sql", SqlFiles::read);
	}

	/**
	 * The text of one of the CLI's read-only reports, {@code sql/ops/<name>.sql}.
	 * @param name the file name without {@code .sql}
	 * @return the statement, without a trailing semicolon
	 */
	public static String ops(String name) {
		return cache.computeIfAbsent("sql/ops/" + name + ".sql", SqlFiles::read);
	}

	/**
	 * The text of one statement of the alerts, {@code sql/alerts/<name>.sql} (a rule's
	 * query is {@code rules/<rule>}).
	 * @param name the path below {@code sql/alerts} without {@code .sql}
	 * @return the statement, without a trailing semicolon
	 */
	public static String alerts(String name) {
		return cache.computeIfAbsent("sql/alerts/" + name + ".sql", SqlFiles::read);
	}

	private static String read(String path) {
		try (InputStream in = SqlFiles.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("SQL file " + path + " is not on the classpath");
			}
			String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
			return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + path, ex);
		}
	}

}
