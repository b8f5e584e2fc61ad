package org.bookinglifecycle;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.bookinglifecycle.cli.LifecycleCli;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docs a newcomer reads stay true to the repository: every relative link in the
 * README and under docs/ leads to a file of the repository; nothing in the README, docs/,
 * src/ or lab/ points to a document outside it (landed migrations excepted: Flyway checks
 * their checksums); every command the docs show as
 * {@code java -jar target/booking-lifecycle.jar <cmd>} is one that {@code --help} lists;
 * every job of jobs/ has its page in docs/jobs/. No database.
 */
class DocsTests {

	private static final Path ROOT = Path.of("").toAbsolutePath().normalize();

	/** Built so that this file does not name them itself. */
	private static final String SHARED = ".." + "/shared";

	private static final String DESIGN = "DESIGN" + ".md";

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

	private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[ \\t]*$");

	private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");

	private static final Pattern JAR_COMMAND = Pattern.compile("java -jar target/booking-lifecycle\\.jar\\s+(\\S+)");

	private static final Pattern HELP_COMMAND = Pattern.compile("^  ([a-z][a-z0-9-]*)(?:\\s|$)");

	@Test
	void everyRelativeLinkResolvesToAFileOfTheRepository() throws IOException {
		List<String> broken = new ArrayList<>();
		int checked = 0;
		for (Path file : markdownPages()) {
			Matcher link = LINK.matcher(withoutCode(Files.readString(file), false));
			while (link.find()) {
				String target = link.group(1);
				if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
					continue;
				}
				int anchor = target.indexOf('#');
				String path = (anchor >= 0) ? target.substring(0, anchor) : target;
				if (path.isEmpty()) {
					continue;
				}
				checked++;
				Path resolved = file.getParent().resolve(path).normalize();
				if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
					broken.add(ROOT.relativize(file) + ": " + target);
				}
			}
		}
		assertThat(checked).as("relative links found").isGreaterThan(50);
		assertThat(broken).as("links that lead to no file of the repository").isEmpty();
	}

	@Test
	void nothingPointsOutsideTheRepository() throws IOException {
		boolean designInRepository;
		try (Stream<Path> files = repositoryFiles(ROOT)) {
			designInRepository = files.anyMatch((p) -> p.getFileName().toString().equals(DESIGN));
		}
		List<String> outside = new ArrayList<>();
		List<Path> scanned = new ArrayList<>(List.of(ROOT.resolve("README.md")));
		for (String directory : List.of("docs", "src", "lab")) {
			try (Stream<Path> files = repositoryFiles(ROOT.resolve(directory))) {
				files.filter(Files::isRegularFile).forEach(scanned::add);
			}
		}
		for (Path file : scanned) {
			String relative = ROOT.relativize(file).toString().replace('\\', '/');
			if (relative.matches("sql/migration/V[^/]*\\.sql")) {
				continue; // landed migrations are never edited (Flyway checksums)
			}
			String text = text(file);
			if (text == null) {
				continue; // an image
			}
			if (text.contains(SHARED)) {
				outside.add(relative + " names " + SHARED);
			}
			if (!designInRepository && text.contains(DESIGN)) {
				outside.add(relative + " names " + DESIGN + ", which is not in the repository");
			}
		}
		assertThat(scanned).as("files scanned").hasSizeGreaterThan(100);
		assertThat(outside).as("references to documents outside the repository").isEmpty();
	}

	@Test
	void everyCommandTheDocsShowIsOneHelpLists() throws IOException {
		Set<String> listed = helpCommands();
		assertThat(listed).as("commands --help lists").contains("run", "schedule", "status");
		List<String> unknown = new ArrayList<>();
		int shown = 0;
		for (Path file : markdownPages()) {
			for (String code : codeOf(Files.readString(file))) {
				Matcher command = JAR_COMMAND.matcher(code.replaceAll("\\s+", " "));
				while (command.find()) {
					String name = command.group(1);
					if (name.startsWith("<") || name.startsWith("-")) {
						continue; // a placeholder, or an option of the CLI itself
					}
					shown++;
					if (!listed.contains(name)) {
						unknown.add(ROOT.relativize(file) + ": " + name);
					}
				}
			}
		}
		assertThat(shown).as("commands shown in code").isGreaterThan(10);
		assertThat(unknown).as("commands shown that --help does not list " + listed).isEmpty();
	}

	@Test
	void everyJobHasItsPage() {
		List<String> jobs = JobDefinitions.load(ROOT.resolve("jobs"))
			.jobs()
			.stream()
			.map(LifecycleJobSpec::name)
			.toList();
		assertThat(jobs).as("jobs defined in jobs/").contains("archive-bookings", "erase-guest");
		assertThat(jobs).as("jobs without docs/jobs/<job>.md")
			.filteredOn((job) -> !Files.isRegularFile(ROOT.resolve("docs/jobs/" + job + ".md")))
			.isEmpty();
	}

	/** The command names of {@code --help}, between "Commands:" and the exit codes. */
	private static Set<String> helpCommands() {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = LifecycleCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "--help");
		assertThat(exit).isZero();
		Set<String> names = new TreeSet<>();
		boolean inCommands = false;
		for (String line : out.toString().split("\\R")) {
			if (line.startsWith("Commands:")) {
				inCommands = true;
			}
			else if (inCommands && !line.startsWith(" ")) {
				inCommands = false;
			}
			else if (inCommands) {
				Matcher name = HELP_COMMAND.matcher(line);
				if (name.find()) {
					names.add(name.group(1));
				}
			}
		}
		return names;
	}

	private static List<Path> markdownPages() throws IOException {
		List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
		try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
			files.filter((p) -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		return pages;
	}

	/** Fenced code blocks and inline code spans of a Markdown text. */
	private static List<String> codeOf(String markdown) {
		List<String> code = new ArrayList<>();
		Matcher fence = FENCE.matcher(markdown);
		while (fence.find()) {
			code.add(fence.group());
		}
		Matcher inline = INLINE_CODE.matcher(withoutCode(markdown, true));
		while (inline.find()) {
			code.add(inline.group(1));
		}
		return code;
	}

	/**
	 * The text without fenced code blocks (and, unless keepInline, without inline code
	 * spans, keeping link texts such as [`job`](page) links), and without escaped
	 * backticks.
	 */
	private static String withoutCode(String markdown, boolean keepInline) {
		String text = FENCE.matcher(markdown.replace("\\`", "")).replaceAll("");
		return keepInline ? text : INLINE_CODE.matcher(text).replaceAll("");
	}

	/** Every file under a directory but build output and Git's own. */
	private static Stream<Path> repositoryFiles(Path directory) throws IOException {
		return Files.walk(directory).filter((p) -> {
			Path relative = ROOT.relativize(p);
			return !relative.startsWith("target") && !relative.startsWith(".git") && !relative.startsWith(".lifecycle");
		});
	}

	/** The file's text, or null when it is not UTF-8 text (an image). */
	private static String text(Path file) throws IOException {
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
