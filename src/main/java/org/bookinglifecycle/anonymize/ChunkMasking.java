package org.bookinglifecycle.anonymize;

import java.sql.Date;
import java.time.LocalDate;

import org.bookinglifecycle.kit.definition.ParameterSpec;

/**
 * What {@code sql/jobs/anonymize-guests/anonymize-chunk.sql} takes after the chunk's ids:
 * the rules, the keys' pads, the limit of the logins it masks, and who masks (the nightly
 * anonymization or an erasure). One place for the statement's parameter order, shared by
 * the nightly job, erase-guest and the bench's set-based opponent.
 *
 * @param rules the rules applied
 * @param execution the job execution recorded in the audit entries
 * @param loginLimit logins created before this day's first instant (UTC) are masked with
 * the stay; {@code null} for none (an erasure masks its guest's logins in a step of its
 * own)
 * @param asOf the run's date (legal holds in force)
 * @param action the audit entry's action, {@code GDPR_ANONYMIZE} or {@code GDPR_ERASE}
 * @param erasure whether rows only pseudonymized are taken too
 * @param job the job's name, recorded in the audit entries
 */
record ChunkMasking(MaskingRules rules, long execution, LocalDate loginLimit, LocalDate asOf, String action,
		boolean erasure, String job) {

	/**
	 * The nightly anonymization's masking.
	 * @param rules the rules of jobs/anonymize-guests.yml
	 * @param execution the job execution
	 * @param limit the limit date (asOf minus anonymize.after)
	 * @param asOf the run's date
	 * @return the masking
	 */
	static ChunkMasking nightly(MaskingRules rules, long execution, LocalDate limit, LocalDate asOf) {
		return new ChunkMasking(rules, execution, limit, asOf, "GDPR_ANONYMIZE", false,
				AnonymizeGuestsJobConfiguration.JOB);
	}

	/**
	 * An erasure's masking: the irreversible rules, no login (its own step masks them).
	 * @param irreversible the irreversible rules
	 * @param execution the job execution
	 * @param asOf the run's date
	 * @return the masking
	 */
	static ChunkMasking erasure(MaskingRules irreversible, long execution, LocalDate asOf) {
		return new ChunkMasking(irreversible, execution, null, asOf, "GDPR_ERASE", true,
				EraseGuestJobConfiguration.JOB);
	}

	/**
	 * The statement's parameters after the ids, in its order.
	 * @return the parameters
	 */
	Object[] parameters() {
		boolean pseudonyms = this.rules.needsSecret();
		byte[][] pads = Pseudonyms.pads(pseudonyms ? System.getenv(MaskingRules.SECRET_VARIABLE) : null);
		// a pseudonymized stay keeps its guest's key, the HMAC under the erasure key, so
		// that a later erasure still finds it
		byte[][] guestKeyPads = Pseudonyms.pads(pseudonyms ? System.getenv(ParameterSpec.ERASURE_KEY) : null);
		return new Object[] { this.rules.columnsJson(), this.rules.pathsJson(), ipRule(this.rules), pads[0], pads[1],
				guestKeyPads[0], guestKeyPads[1], this.rules.method(), this.rules.version(), this.execution,
				(this.loginLimit != null) ? Date.valueOf(this.loginLimit) : "-infinity", Date.valueOf(this.asOf),
				this.action, this.erasure, this.job, this.rules.keysPattern() };
	}

	/**
	 * The rule of {@code audit_logs.ip_address} as JSON.
	 * @param rules the rules
	 * @return the rule, or {@code null}
	 */
	static String ipRule(MaskingRules rules) {
		return (rules.ipAddress() != null) ? rules.ipAddress().toJson() : null;
	}

}
