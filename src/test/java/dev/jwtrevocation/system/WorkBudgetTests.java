package dev.jwtrevocation.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkBudgetTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	@Test
	void spendWhenOneAddressSpendsItsSecondThenRefusedUntilAUnitIsBack() {
		WorkBudget budget = new WorkBudget(5, 100, 10, this.now::get);
		for (int i = 0; i < 5; i++) {
			assertThat(budget.spend("203.0.113.7").granted()).isTrue();
		}
		WorkBudget.Admission refused = budget.spend("203.0.113.7");
		assertThat(refused.granted()).isFalse();
		assertThat(refused.total()).isFalse();
		assertThat(refused.waitNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
		assertThat(refused.retryAfterSeconds()).isEqualTo(1);
		assertThat(budget.spend("203.0.113.8").granted()).isTrue();
		this.now.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
		assertThat(budget.spend("203.0.113.7").granted()).isTrue();
		assertThat(budget.spend("203.0.113.7").granted()).isFalse();
	}

	@Test
	void spendWhenManyAddressesSpendTheTotalThenRefusedAsTotalAndAddressesKeepTheirUnits() {
		WorkBudget budget = new WorkBudget(2, 4, 100, this.now::get);
		for (int i = 0; i < 4; i++) {
			assertThat(budget.spend("198.51.100." + i).granted()).isTrue();
		}
		WorkBudget.Admission refused = budget.spend("203.0.113.7");
		assertThat(refused.granted()).isFalse();
		assertThat(refused.total()).isTrue();
		this.now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
		// the refused address was not charged: two units for it once the total has them
		assertThat(budget.spend("203.0.113.7").granted()).isTrue();
		assertThat(budget.spend("203.0.113.7").granted()).isTrue();
	}

	@Test
	void spendWhenIpv6AddressesOfOneSlash64ThenOneBucket() {
		WorkBudget budget = new WorkBudget(2, 100, 10, this.now::get);
		assertThat(budget.spend("2001:db8:1:2::1").granted()).isTrue();
		assertThat(budget.spend("2001:db8:1:2::2").granted()).isTrue();
		assertThat(budget.spend("2001:db8:1:2::3").granted()).isFalse();
	}

	@Test
	void spendWhenMoreBusyAddressesThanTrackedThenTheRestShareOneBucketAndIdleOnesAreForgotten() {
		WorkBudget budget = new WorkBudget(3, 1_000, 2, this.now::get);
		assertThat(budget.spend("203.0.113.1").granted()).isTrue();
		assertThat(budget.spend("203.0.113.2").granted()).isTrue();
		assertThat(budget.trackedAddresses()).isEqualTo(2);
		// two more addresses share the overflow bucket of three units
		assertThat(budget.spend("203.0.113.3").granted()).isTrue();
		assertThat(budget.spend("203.0.113.4").granted()).isTrue();
		assertThat(budget.spend("203.0.113.3").granted()).isTrue();
		assertThat(budget.spend("203.0.113.4").granted()).isFalse();
		assertThat(budget.trackedAddresses()).isEqualTo(2);
		this.now.addAndGet(TimeUnit.SECONDS.toNanos(2));
		assertThat(budget.spend("203.0.113.5").granted()).isTrue();
		assertThat(budget.trackedAddresses()).isEqualTo(1);
	}

	@Test
	void spendWhenParallelCallersThenExactlyTheBudgetIsGranted() throws Exception {
		WorkBudget budget = new WorkBudget(50, 1_000, 10, this.now::get);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Integer>> callers = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				callers.add(() -> {
					int granted = 0;
					for (int i = 0; i < 100; i++) {
						granted += budget.spend("203.0.113.7").granted() ? 1 : 0;
					}
					return granted;
				});
			}
			int granted = 0;
			for (Future<Integer> caller : threads.invokeAll(callers)) {
				granted += caller.get();
			}
			assertThat(granted).isEqualTo(50);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void retryAfterSecondsWhenWaitIsOverASecondThenRoundedUp() {
		assertThat(new WorkBudget.Admission(true, TimeUnit.MILLISECONDS.toNanos(1_001)).retryAfterSeconds())
			.isEqualTo(2);
	}

}
