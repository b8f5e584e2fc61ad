package org.bookinglifecycle.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * audit_logs is partitioned by {@code audit_retention_tier(action)}: replacing that
 * function (or {@code audit_retention_class}, which it calls) would route new rows and
 * prune queries by the new text while old rows stay where the old one put them. Only V11
 * may define them; a new mapping is a new function and a re-route job.
 */
class PartitionKeyFreezeTests {

	private static final Pattern DEFINES = Pattern.compile(
			"CREATE\\s+(OR\\s+REPLACE\\s+)?FUNCTION\\s+(public\\.)?\"?audit_retention_(tier|class)\"?\\s*\\(",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern ALTERS = Pattern.compile(
			"(ALTER|DROP)\\s+FUNCTION\\s+(IF\\s+EXISTS\\s+)?(public\\.)?\"?audit_retention_(tier|class)\"?",
			Pattern.CASE_INSENSITIVE);

	@Test
	void noMigrationButV11DefinesThePartitionKeyFunctions() throws IOException {
		List<String> offenders;
		try (Stream<Path> files = Files.list(Path.of("sql/migration"))) {
			offenders = files.filter((file) -> file.toString().endsWith(".sql"))
				.filter((file) -> !file.getFileName().toString().startsWith("V11__"))
				.filter((file) -> {
					String text = read(file);
					return DEFINES.matcher(text).find() || ALTERS.matcher(text).find();
				})
				.map((file) -> file.getFileName().toString())
				.toList();
		}
		assertThat(offenders).as("migrations redefining the frozen partition key function").isEmpty();
	}

	@Test
	void theRuleRecognisesARedefinition() {
		assertThat(DEFINES.matcher("create or replace function audit_retention_tier(action text)").find()).isTrue();
		assertThat(DEFINES.matcher("CREATE FUNCTION public.audit_retention_class (a TEXT)").find()).isTrue();
		assertThat(ALTERS.matcher("ALTER FUNCTION audit_retention_tier(text) IMMUTABLE").find()).isTrue();
		assertThat(DEFINES.matcher("CREATE FUNCTION audit_retention_tier_v2(action TEXT)").find()).isFalse();
		assertThat(DEFINES.matcher("SELECT audit_retention_tier(action) FROM audit_logs").find()).isFalse();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
