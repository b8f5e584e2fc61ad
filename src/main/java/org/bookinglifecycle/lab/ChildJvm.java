package org.bookinglifecycle.lab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.bookinglifecycle.kit.definition.JobDefinitions;

/**
 * The command line that starts a main class of this build in a new JVM, with the code
 * this JVM runs: from the executable jar through Spring Boot's {@code PropertiesLauncher}
 * (its classes are nested in the jar), else on this JVM's class path. The jobs directory
 * this JVM was given as a system property is passed on; the environment is inherited.
 */
final class ChildJvm {

	static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private ChildJvm() {
	}

	/**
	 * The command.
	 * @param jvmOptions options of the JVM ({@code -Xmx256m})
	 * @param mainClass the class whose {@code main} runs
	 * @param args its arguments
	 * @return the command line
	 */
	static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
		return command(System.getProperty("java.class.path"), jvmOptions, mainClass, args);
	}

	/**
	 * The command, for code on that class path.
	 * @param classPath the class path: an executable jar, or classes and jars
	 * @param jvmOptions options of the JVM
	 * @param mainClass the class whose {@code main} runs
	 * @param args its arguments
	 * @return the command line
	 */
	static List<String> command(String classPath, List<String> jvmOptions, String mainClass, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		String jobs = System.getProperty(JobDefinitions.DIRECTORY_PROPERTY);
		if (jobs != null) {
			command.add("-D" + JobDefinitions.DIRECTORY_PROPERTY + "=" + jobs);
		}
		if (isBootJar(classPath)) {
			command.add("-Dloader.main=" + mainClass);
			command.addAll(List.of("-cp", classPath, BOOT_LAUNCHER));
		}
		else {
			command.addAll(List.of("-cp", classPath, mainClass));
		}
		command.addAll(args);
		return command;
	}

	/**
	 * Whether the class path is one Spring Boot executable jar (its classes under
	 * {@code BOOT-INF/}).
	 * @param classPath the class path
	 * @return true for an executable jar
	 */
	static boolean isBootJar(String classPath) {
		if (classPath == null || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
			return false;
		}
		try (JarFile jar = new JarFile(classPath)) {
			Manifest manifest = jar.getManifest();
			return manifest != null && manifest.getMainAttributes().getValue("Spring-Boot-Classes") != null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + classPath, ex);
		}
	}

}
