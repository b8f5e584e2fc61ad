package org.bookinglifecycle.lab;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM runs the code this JVM runs: from the executable jar through Spring Boot's
 * launcher (its classes are nested), else on the same class path.
 */
class ChildJvmTests {

	@Test
	void fromTheExecutableJarTheMainClassGoesThroughSpringBootsLauncher() throws IOException {
		Path jar = jar("Spring-Boot-Classes", "BOOT-INF/classes/");

		List<String> command = ChildJvm.command(jar.toString(), List.of("-Xmx256m"), "org.example.Main",
				List.of("run", "x"));

		assertThat(ChildJvm.isBootJar(jar.toString())).isTrue();
		assertThat(command).endsWith("-Xmx256m", "-Dloader.main=org.example.Main", "-cp", jar.toString(),
				ChildJvm.BOOT_LAUNCHER, "run", "x");
	}

	@Test
	void onAnyOtherClassPathTheMainClassRunsOnIt() throws IOException {
		Path plainJar = jar("Implementation-Title", "x");
		String classPath = plainJar + File.pathSeparator + "target/classes";

		assertThat(ChildJvm.isBootJar(plainJar.toString())).isFalse();
		assertThat(ChildJvm.isBootJar(classPath)).isFalse();
		assertThat(ChildJvm.isBootJar("target/classes")).isFalse();
		assertThat(ChildJvm.command(classPath, List.of("-Xmx256m"), "org.example.Main", List.of("run")))
			.endsWith("-Xmx256m", "-cp", classPath, "org.example.Main", "run");
	}

	private static Path jar(String attribute, String value) throws IOException {
		Path jar = Files.createTempFile("child", ".jar");
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().putValue(attribute, value);
		try (OutputStream out = Files.newOutputStream(jar);
				JarOutputStream ignored = new JarOutputStream(out, manifest)) {
			// the manifest is the whole jar
		}
		return jar;
	}

}
