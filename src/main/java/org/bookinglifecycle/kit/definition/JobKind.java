package org.bookinglifecycle.kit.definition;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.bookinglifecycle.kit.definition.JobKind;

/**
 * How a job is meant to run, as its definition says ({@code kind:} in
 * {@code jobs/<job>.yml}).
 */
public enum JobKind {

	/** Part of the nightly chain. */
	NIGHTLY("nightly"),
	/** A migration run once (and resumed until done). */
	ONE_OFF("one-off"),
	/** Run when someone asks (a guest's erasure, say). */
	ON_REQUEST("on-request");

	private final String label;

	JobKind(String label) {
		this.label = label;
	}

	/**
	 * The word used in job definitions and listings.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * The kind a definition names.
	 * @param label {@code nightly}, {@code one-off} or {@code on-request}
	 * @return the kind
	 * @throws IllegalArgumentException naming what is allowed
	 */
	public static JobKind of(String label) {
		return Arrays.stream(values())
			.filter((kind) -> kind.label.equals(label))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("kind is '" + label + "'; allowed: "
					+ Arrays.stream(values()).map(JobKind::label).collect(Collectors.joining(", "))));
	}

}
