package org.bookinglifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direction of the dependencies (docs/development/architecture.md): job packages use
 * the kit, the domain and db, never each other, the CLI, the job operations or the lab;
 * the kit and the domain never import a job package; the job operations never import the
 * CLI or the lab; no package cycles; no package holds more than 30% of the main code.
 */
class ArchitectureTests {

	private static final String ROOT = "org.bookinglifecycle";

	/** The packages by responsibility; every other top-level package is a job family. */
	private static final Set<String> SHARED = Set.of("cli", "operations", "schedule", "web", "lab", "kit", "domain",
			"db");

	private static JavaClasses classes;

	private static Set<String> jobPackages;

	@BeforeAll
	static void importMainCode() throws IOException {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(ROOT);
		try (Stream<Path> packages = Files.list(Path.of("src/main/java/org/bookinglifecycle"))) {
			jobPackages = packages.filter(Files::isDirectory)
				.map((p) -> p.getFileName().toString())
				.filter((name) -> !SHARED.contains(name))
				.collect(Collectors.toCollection(TreeSet::new));
		}
	}

	@Test
	void thereAreJobPackagesToCheck() {
		assertThat(jobPackages).contains("archive", "backfill", "integrity");
	}

	@Test
	void jobPackagesNeverImportEachOtherTheCliTheOperationsOrTheLab() {
		for (String job : jobPackages) {
			List<String> forbidden = Stream
				.concat(jobPackages.stream().filter((other) -> !other.equals(job)),
						Stream.of("cli", "operations", "lab"))
				.map((p) -> ROOT + "." + p + "..")
				.toList();
			noClasses().that()
				.resideInAPackage(ROOT + "." + job + "..")
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(forbidden.toArray(String[]::new))
				.check(classes);
		}
	}

	@Test
	void theKitAndTheDomainNeverImportAJobPackageOrWhatIsBuiltOnThem() {
		List<String> forbidden = Stream.concat(jobPackages.stream(), Stream.of("cli", "operations", "lab"))
			.map((p) -> ROOT + "." + p + "..")
			.toList();
		noClasses().that()
			.resideInAnyPackage(ROOT + ".kit..", ROOT + ".domain..", ROOT + ".db..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(forbidden.toArray(String[]::new))
			.check(classes);
	}

	@Test
	void theJobDefinitionsNeverImportTheRestOfTheKit() {
		noClasses().that()
			.resideInAPackage(ROOT + ".kit.definition..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".kit")
			.check(classes);
	}

	@Test
	void theKitNeverImportsTheDomain() {
		noClasses().that()
			.resideInAPackage(ROOT + ".kit..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".domain..")
			.check(classes);
	}

	@Test
	void theScheduleDaemonReachesJobsOnlyThroughTheJobOperations() {
		List<String> forbidden = Stream.concat(jobPackages.stream(), Stream.of("cli", "lab"))
			.map((p) -> ROOT + "." + p + "..")
			.toList();
		noClasses().that()
			.resideInAPackage(ROOT + ".schedule..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(forbidden.toArray(String[]::new))
			.check(classes);
		noClasses().that()
			.resideInAnyPackage(ROOT + ".operations..", ROOT + ".kit..", ROOT + ".domain..", ROOT + ".db..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".schedule..")
			.check(classes);
	}

	@Test
	void theWebPageReachesJobsOnlyThroughTheJobOperations() {
		List<String> forbidden = Stream.concat(jobPackages.stream(), Stream.of("cli", "lab"))
			.map((p) -> ROOT + "." + p + "..")
			.toList();
		noClasses().that()
			.resideInAPackage(ROOT + ".web..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(forbidden.toArray(String[]::new))
			.check(classes);
		noClasses().that()
			.resideInAnyPackage(ROOT + ".operations..", ROOT + ".schedule..", ROOT + ".cli..", ROOT + ".kit..",
					ROOT + ".domain..", ROOT + ".db..", ROOT + ".lab..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".web..")
			.check(classes);
	}

	@Test
	void theJobOperationsNeverImportTheCliTheLabOrAJob() {
		List<String> forbidden = Stream.concat(jobPackages.stream(), Stream.of("cli", "lab"))
			.map((p) -> ROOT + "." + p + "..")
			.toList();
		noClasses().that()
			.resideInAPackage(ROOT + ".operations..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(forbidden.toArray(String[]::new))
			.check(classes);
	}

	@Test
	void theLabNeverImportsTheCliNorTheApplicationClassAnything() {
		noClasses().that()
			.resideInAPackage(ROOT + ".lab..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".cli..")
			.check(classes);
		noClasses().that()
			.resideInAPackage(ROOT)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".cli..", ROOT + ".operations..", ROOT + ".lab..")
			.check(classes);
	}

	@Test
	void noPackageCycles() {
		slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void noPackageHoldsMoreThanAThirdOfTheMainCode() throws IOException {
		Map<String, Long> lines = new TreeMap<>();
		Path main = Path.of("src/main/java/org/bookinglifecycle");
		try (Stream<Path> files = Files.walk(main)) {
			for (Path file : files.filter((p) -> p.toString().endsWith(".java")).toList()) {
				Path directory = main.relativize(file).getParent();
				String pkg = (directory != null) ? directory.toString().replace('/', '.') : "(root)";
				lines.merge(pkg, (long) Files.readAllLines(file).size(), Long::sum);
			}
		}
		long total = lines.values().stream().mapToLong(Long::longValue).sum();

		assertThat(lines).allSatisfy((pkg, count) -> assertThat(100.0 * count / total)
			.as("%s holds %d of %d lines of main code", pkg, count, total)
			.isLessThanOrEqualTo(30.0));
	}

}
