package org.bookinglifecycle.db;

import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL a command works on: its JDBC URL and credentials, and whether it is the
 * embedded one this process started. The password is never printed.
 *
 * @param url JDBC URL
 * @param user user name, or {@code null} to use the one in the URL
 * @param password password, or {@code null}
 * @param embedded whether this is the embedded server of {@code ./.lifecycle}
 */
public record DatabaseTarget(String url, String user, String password, boolean embedded) {

	/**
	 * Connection properties every connection of the suite uses: no server error detail
	 * (it can quote row values, that is personal data) and an application name ops can
	 * find in {@code pg_stat_activity}, naming this process ({@link SessionNames}).
	 */
	public static final Map<String, String> CONNECTION_PROPERTIES = Map.of("logServerErrorDetail", "false",
			"ApplicationName", SessionNames.thisProcess());

	/**
	 * A plain DataSource for work outside the Spring context (migrations, seeding).
	 * @return a new unpooled DataSource
	 */
	public DataSource dataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(this.url);
		if (this.user != null) {
			dataSource.setUser(this.user);
		}
		if (this.password != null) {
			dataSource.setPassword(this.password);
		}
		dataSource.setLogServerErrorDetail(false);
		dataSource.setApplicationName(SessionNames.thisProcess());
		return dataSource;
	}

	/**
	 * The same server and credentials, another database.
	 * @param database the database name
	 * @return the target
	 */
	public DatabaseTarget withDatabase(String database) {
		int slash = this.url.indexOf('/', "jdbc:postgresql://".length());
		int query = this.url.indexOf('?', Math.max(slash, 0));
		String rest = (query < 0) ? "" : this.url.substring(query);
		return new DatabaseTarget(this.url.substring(0, slash + 1) + database + rest, this.user, this.password,
				this.embedded);
	}

	/**
	 * The URL without credentials or query, safe to print.
	 * @return the printable URL
	 */
	public String displayUrl() {
		int query = this.url.indexOf('?');
		String shown = (query < 0) ? this.url : this.url.substring(0, query);
		return this.embedded ? shown + " (embedded)" : shown;
	}

}
