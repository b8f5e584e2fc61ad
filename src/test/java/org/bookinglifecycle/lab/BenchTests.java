package org.bookinglifecycle.lab;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchTests {

	@Test
	void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
		assertThat(Bench.median(List.of(1.01, 0.80))).isEqualTo(0.905);
		assertThat(Bench.median(List.of(0.9, 1.2, 0.7, 1.0))).isEqualTo(0.95);
	}

	@Test
	void theMedianOfAnOddCountIsTheMiddleValue() {
		assertThat(Bench.median(List.of(0.9, 0.7, 1.2))).isEqualTo(0.9);
		assertThat(Bench.median(List.of(0.72))).isEqualTo(0.72);
	}

}
