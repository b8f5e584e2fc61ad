package org.bookinglifecycle.archive;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArchiveRulesTests {

	static ArchiveRule completed() {
		return new ArchiveRule("completed", List.of("completed"), List.of("paid", "refunded"), "check-out", 30,
				"COMPLETED");
	}

	static ArchiveRule cancelled() {
		return new ArchiveRule("cancelled", List.of("cancelled"), List.of("paid", "refunded", "partially_refunded"),
				"cancellation", 7, "CANCELLED");
	}

	@Test
	void theShippedDefaultsAreSound() {
		assertThat(new ArchiveRules(List.of(completed(), cancelled()), Duration.ofSeconds(2)).problems()).isEmpty();
	}

	@Test
	void eachProblemNamesItsRuleAndWhatIsAllowed() {
		ArchiveRule bad = new ArchiveRule("stale", List.of("finished"), List.of("paid", "pending"), "arrival", -1,
				"old stuff");

		List<String> problems = new ArchiveRules(List.of(bad), null).problems();

		assertThat(problems).anySatisfy((p) -> assertThat(p).contains("rule 'stale'")
			.contains("unknown booking status 'finished'")
			.contains("allowed: cancelled, checked_in, completed"));
		assertThat(problems).anySatisfy((p) -> assertThat(p).contains("'pending' is money in flight"));
		assertThat(problems)
			.anySatisfy((p) -> assertThat(p).contains("after is 'arrival'; allowed: check-out, cancellation"));
		assertThat(problems).anySatisfy((p) -> assertThat(p).contains("days is -1"));
		assertThat(problems).anySatisfy((p) -> assertThat(p).contains("reason is 'old stuff'"));
	}

	@Test
	void overlappingRulesMustAgreeOnTheReason() {
		ArchiveRule again = new ArchiveRule("refunds", List.of("completed"), List.of("refunded"), "check-out", 10,
				"REFUNDED");
		ArchiveRule same = new ArchiveRule("refunds", List.of("completed"), List.of("refunded"), "check-out", 10,
				"COMPLETED");

		assertThat(new ArchiveRules(List.of(completed(), again), null).problems()).singleElement()
			.asString()
			.contains("rule 'refunds': overlaps rule 'completed'")
			.contains("REFUNDED vs COMPLETED");
		assertThat(new ArchiveRules(List.of(completed(), same), null).problems()).isEmpty();
	}

	@Test
	void noRulesAndNoLockTimeoutAreRefused() {
		assertThat(new ArchiveRules(List.of(), Duration.ZERO).problems()).hasSize(2);
	}

	@Test
	void jsonCarriesTheCutoffABookingMustBeBefore() {
		String json = new ArchiveRules(List.of(completed()), null).toJson(LocalDate.of(2026, 11, 25));

		// 30 days after check-out: checked out on 2026-10-26 qualifies on 2026-11-25, not
		// the day after
		assertThat(json).contains("\"cutoff\":\"2026-10-27\"")
			.contains("\"booking_statuses\":[\"completed\"]")
			.contains("\"reason\":\"COMPLETED\"");
	}

}
