package org.bookinglifecycle.kit.definition;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.ParameterSpec;

import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.boot.convert.DurationStyle;

/**
 * One parameter a job accepts: its name, type, whether it identifies the job instance,
 * its default and what it means. Parsing a value either gives the typed job parameter or
 * a {@link BadUsageException} that names the parameter and what is allowed.
 *
 * @param name the name ops type ({@code name=value})
 * @param type the kind of value
 * @param identifying whether it is part of the job instance's identity
 * @param required whether it must be given (no default)
 * @param defaultValue the default as text, or {@code null}
 * @param description what it does, one line
 * @param choices the allowed values of a {@link Type#CHOICE}
 * @param max the largest allowed value of a {@link Type#INTEGER}
 */
public record ParameterSpec(String name, Type type, boolean identifying, boolean required, String defaultValue,
		String description, List<String> choices, long max) {

	private static final Pattern NAME_PATTERN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	/** Kinds of parameter value. */
	public enum Type {

		/** An ISO date. */
		DATE,
		/** {@code true} or {@code false}. */
		BOOLEAN,
		/** A whole number from 1 to {@link ParameterSpec#max()}. */
		INTEGER,
		/** A duration such as {@code 30m}, {@code 2h}, {@code 500ms} or {@code PT30M}. */
		DURATION,
		/** One of {@link ParameterSpec#choices()}. */
		CHOICE,
		/**
		 * A database object's name: a lowercase letter or underscore, then lowercase
		 * letters, digits or underscores, at most 63 characters (never quoted text, so a
		 * value can carry no SQL).
		 */
		NAME,
		/**
		 * A guest's email address (or {@code -}: read from standard input), kept only as
		 * {@code hmac-sha256:<hex>} of its trimmed lower-case form under the key in
		 * {@value #ERASURE_KEY}: the address itself never reaches the job repository, a
		 * log or a message.
		 */
		EMAIL,
		/**
		 * A file to write: an absolute path or one relative to the working directory,
		 * whose directory exists and which does not exist yet (nothing is ever
		 * overwritten).
		 */
		NEW_FILE,
		/** A booking reference: letters, digits and '-', 1 to 20 characters. */
		REFERENCE

	}

	/** The environment variable holding the key of {@link Type#EMAIL} parameters. */
	public static final String ERASURE_KEY = "LIFECYCLE_ERASURE_KEY";

	/**
	 * An optional parameter with a default.
	 * @param name the name
	 * @param type the type
	 * @param defaultValue the default as text, or {@code null} for none
	 * @param description one line
	 * @return the spec
	 */
	public static ParameterSpec optional(String name, Type type, String defaultValue, String description) {
		return new ParameterSpec(name, type, false, false, defaultValue, description, List.of(), Integer.MAX_VALUE);
	}

	/**
	 * The same parameter, identifying the job instance.
	 * @return a copy
	 */
	public ParameterSpec identifyingInstance() {
		return new ParameterSpec(this.name, this.type, true, this.required, this.defaultValue, this.description,
				this.choices, this.max);
	}

	/**
	 * The same parameter with another default (a job's own default of a common
	 * parameter).
	 * @param value the default as text
	 * @return a copy
	 */
	public ParameterSpec withDefault(String value) {
		return new ParameterSpec(this.name, this.type, this.identifying, this.required, value, this.description,
				this.choices, this.max);
	}

	/**
	 * The same integer parameter with an upper bound.
	 * @param max the largest allowed value
	 * @return a copy
	 */
	public ParameterSpec atMost(long max) {
		return new ParameterSpec(this.name, this.type, this.identifying, this.required, this.defaultValue,
				this.description, this.choices, max);
	}

	/**
	 * The same parameter, restricted to the given values.
	 * @param allowed the allowed values
	 * @return a copy
	 */
	public ParameterSpec oneOf(String... allowed) {
		return new ParameterSpec(this.name, Type.CHOICE, this.identifying, this.required, this.defaultValue,
				this.description, List.of(allowed), this.max);
	}

	/**
	 * What values are allowed, in words, for help and error messages.
	 * @return the allowed values
	 */
	public String allowed() {
		return switch (this.type) {
			case DATE -> "a date as YYYY-MM-DD";
			case BOOLEAN -> "true or false";
			case INTEGER -> "a whole number from 1 to " + this.max;
			case DURATION -> "a duration such as 500ms, 30s, 30m, 2h or PT30M";
			case CHOICE -> "one of " + String.join(", ", this.choices);
			case NAME -> "a table name: a lowercase letter or _, then lowercase letters, digits or _ (at most 63)";
			case EMAIL -> "an email address, or - to read it from standard input (kept only as an HMAC under "
					+ ERASURE_KEY + ")";
			case NEW_FILE -> "a path to a file that does not exist yet, in a directory that does";
			case REFERENCE -> "a booking reference: letters, digits and -, at most 20";
		};
	}

	/**
	 * Parse a value given on the command line (or a default).
	 * @param value the text
	 * @return the typed job parameter
	 * @throws BadUsageException if the value is not allowed
	 */
	public JobParameter<?> parse(String value) {
		if (this.type == Type.EMAIL) {
			return new JobParameter<>(this.name, guestKey(value), String.class, this.identifying);
		}
		String text = value.strip();
		try {
			return switch (this.type) {
				case DATE -> new JobParameter<>(this.name, LocalDate.parse(text), LocalDate.class, this.identifying);
				case BOOLEAN -> new JobParameter<>(this.name, parseBoolean(text), Boolean.class, this.identifying);
				case INTEGER -> new JobParameter<>(this.name, parseInteger(text), Long.class, this.identifying);
				case DURATION ->
					new JobParameter<>(this.name, parseDuration(text).toString(), String.class, this.identifying);
				case CHOICE -> new JobParameter<>(this.name, parseChoice(text), String.class, this.identifying);
				case NAME -> new JobParameter<>(this.name, parseName(text), String.class, this.identifying);
				case EMAIL -> throw new IllegalStateException("parsed above");
				case NEW_FILE -> new JobParameter<>(this.name, parseNewFile(text), String.class, this.identifying);
				case REFERENCE -> new JobParameter<>(this.name, parseReference(text), String.class, this.identifying);
			};
		}
		catch (DateTimeParseException | IllegalArgumentException ex) {
			throw new BadUsageException(
					"Parameter " + this.name + "='" + value + "' is not allowed: expected " + allowed() + ".");
		}
	}

	/**
	 * The stored form of a guest's email: {@code hmac-sha256:} and the hex HMAC-SHA256 of
	 * its trimmed lower-case form under {@value #ERASURE_KEY}. A value already in that
	 * form (a restart reading its stored parameters) is kept.
	 */
	private String guestKey(String value) {
		String text = value.strip();
		if (text.matches("hmac-sha256:[0-9a-f]{64}")) {
			return text;
		}
		if (text.equals("-")) {
			try {
				text = new java.io.BufferedReader(
						new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
					.readLine();
			}
			catch (java.io.IOException ex) {
				throw new BadUsageException("Parameter " + this.name + "=- could not read standard input.");
			}
			text = (text != null) ? text.strip() : "";
		}
		if (!text.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
			// never the value in a message: it is personal data
			throw new BadUsageException("Parameter " + this.name + " is not an email address (the value is not"
					+ " shown); allowed: " + allowed() + ".");
		}
		String key = System.getenv(ERASURE_KEY);
		if (key == null || key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 16) {
			throw new BadUsageException("Parameter " + this.name + " needs the key in " + ERASURE_KEY
					+ " (at least 16 bytes), " + ((key == null) ? "not set" : "too short")
					+ ": the address is kept only as an HMAC under it.");
		}
		return "hmac-sha256:" + hmacHex(key, text.toLowerCase(java.util.Locale.ROOT));
	}

	/**
	 * HMAC-SHA256 in hex.
	 * @param key the key
	 * @param text the message (UTF-8)
	 * @return 64 hex digits
	 */
	public static String hmacHex(String key, String text) {
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
					"HmacSHA256"));
			return java.util.HexFormat.of()
				.formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String parseReference(String text) {
		if (!text.matches("[A-Za-z0-9-]{1,20}")) {
			throw new IllegalArgumentException("not a reference");
		}
		return text;
	}

	private static String parseNewFile(String text) {
		java.nio.file.Path path = java.nio.file.Path.of(text).toAbsolutePath().normalize();
		if (text.isBlank() || java.nio.file.Files.exists(path) || path.getParent() == null
				|| !java.nio.file.Files.isDirectory(path.getParent())) {
			throw new IllegalArgumentException(text);
		}
		return path.toString();
	}

	private static Boolean parseBoolean(String text) {
		if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
			return Boolean.valueOf(text);
		}
		throw new IllegalArgumentException(text);
	}

	private Long parseInteger(String text) {
		long number = Long.parseLong(text);
		if (number < 1 || number > this.max) {
			throw new IllegalArgumentException(text);
		}
		return number;
	}

	private static Duration parseDuration(String text) {
		Duration duration = DurationStyle.detectAndParse(text);
		if (duration.isNegative()) {
			throw new IllegalArgumentException(text);
		}
		return duration;
	}

	private static String parseName(String text) {
		if (!NAME_PATTERN.matcher(text).matches()) {
			throw new IllegalArgumentException("not a name");
		}
		return text;
	}

	private String parseChoice(String text) {
		if (!this.choices.contains(text)) {
			throw new IllegalArgumentException(text);
		}
		return text;
	}

}
