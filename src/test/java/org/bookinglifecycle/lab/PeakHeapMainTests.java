package org.bookinglifecycle.lab;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM started through {@link PeakHeapMain} runs the main class it names and reports,
 * when it exits, the heap it used: what it kept live and the most in use, within its
 * {@code -Xmx}; its exit code is the main's.
 */
class PeakHeapMainTests {

	private static final long MB = 1024 * 1024;

	@Test
	void theChildReportsTheHeapItKeptAndExitsWithItsMainsCode() throws Exception {
		Path report = Files.createTempFile("heap", ".properties");
		Path log = Files.createTempFile("heap", ".log");
		List<String> command = ChildJvm.command(List.of("-Xmx256m"), PeakHeapMain.class.getName(),
				List.of(report.toString(), Holds.class.getName(), "96", "5"));

		Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

		assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(5);
		Properties heap = load(report);
		long live = Long.parseLong(heap.getProperty(PeakHeapMain.LIVE));
		long peak = Long.parseLong(heap.getProperty(PeakHeapMain.PEAK));
		long max = Long.parseLong(heap.getProperty(PeakHeapMain.MAX));
		assertThat(live).as("kept live: 96 MB").isGreaterThanOrEqualTo(96 * MB);
		assertThat(peak).isGreaterThanOrEqualTo(live);
		assertThat(max).isBetween(200 * MB, 256 * MB);
	}

	private static Properties load(Path file) throws IOException {
		Properties properties = new Properties();
		try (Reader in = Files.newBufferedReader(file)) {
			properties.load(in);
		}
		return properties;
	}

	/**
	 * A main that keeps N megabytes live through a collection, then exits with a code.
	 */
	static final class Holds {

		private Holds() {
		}

		public static void main(String[] args) {
			List<byte[]> kept = new ArrayList<>();
			for (int i = 0; i < Integer.parseInt(args[0]); i++) {
				kept.add(new byte[(int) MB]);
			}
			System.gc();
			System.out.println("kept " + kept.size() + " MB");
			System.exit(Integer.parseInt(args[1]));
		}

	}

}
