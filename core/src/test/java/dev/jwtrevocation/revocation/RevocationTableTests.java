package dev.jwtrevocation.revocation;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RevocationTableTests {

	private final RevocationTable table = new RevocationTable(true);

	@Test
	void randomOperationsWhenAppliedThenAgreesWithAMap() {
		Random random = new Random(42);
		Map<Long, long[]> model = new HashMap<>();
		long now = 1_000;
		for (int step = 0; step < 200_000; step++) {
			// few distinct home slots, at both ends of the table whatever its size: long
			// probe runs, wrap-arounds and shifts
			int home = random.nextBoolean() ? random.nextInt(8) : 0xFFFFF - random.nextInt(8);
			long first = ((long) random.nextInt(3_000) << 20) | home;
			long second = first * 31;
			switch (random.nextInt(10)) {
				case 0, 1, 2, 3 -> {
					long until = now + random.nextInt(100);
					long value = random.nextInt(1000);
					this.table.put(first, second, until, value);
					model.put(first, new long[] { until, value });
				}
				case 4 -> {
					long until = now + random.nextInt(100);
					long value = random.nextInt(1000);
					this.table.putLaterCutoff(first, second, until, value);
					long[] held = model.get(first);
					if (held == null || held[1] <= value) {
						model.put(first, new long[] { until, value });
					}
				}
				case 5, 6 -> {
					this.table.remove(first, second);
					model.remove(first);
				}
				case 7 -> {
					now += random.nextInt(20);
					this.table.sweep(now);
					long at = now;
					model.values().removeIf((held) -> held[0] < at);
				}
				default -> {
					long[] held = model.get(first);
					assertThat(this.table.isLive(first, second, now)).as("step %d", step)
						.isEqualTo(held != null && held[0] >= now);
					long issuedAt = random.nextInt(1000);
					assertThat(this.table.cutsOff(first, second, now, issuedAt)).as("step %d", step)
						.isEqualTo(held != null && held[0] >= now && issuedAt <= held[1]);
				}
			}
		}
		this.table.sweep(now);
		long at = now;
		model.values().removeIf((held) -> held[0] < at);
		assertThat(this.table.size()).isEqualTo(model.size());
	}

	@Test
	void isLiveWhenReadWhileAnotherThreadWritesThenNeverMissesAHeldKey() throws Exception {
		for (long key = 1; key <= 1_000; key++) {
			this.table.put(key << 32, key, RevocationTable.FOREVER, 0);
		}
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicReference<String> missed = new AtomicReference<>();
		Thread reader = new Thread(() -> {
			while (running.get()) {
				for (long key = 1; key <= 1_000; key++) {
					if (!this.table.isLive(key << 32, key, 0)) {
						missed.set("key " + key);
					}
				}
			}
		});
		reader.start();
		// growing and shrinking moves every slot while the reader looks
		for (int round = 0; round < 10; round++) {
			for (long key = 10_000; key < 15_000; key++) {
				this.table.put(key << 32, key, 1, 0);
			}
			this.table.sweep(2);
		}
		running.set(false);
		reader.join();
		assertThat(missed.get()).isNull();
		assertThat(this.table.size()).isEqualTo(1_000);
	}

	@Test
	void slotBytesWhenAMillionKeysThenAtMostSixtyFourBytesEach() {
		RevocationTable keys = new RevocationTable(false);
		Random random = new Random(7);
		for (int i = 0; i < 1_000_000; i++) {
			keys.put(random.nextLong(), random.nextLong(), RevocationTable.FOREVER, 0);
		}
		assertThat(keys.size()).isEqualTo(1_000_000);
		assertThat(keys.slotBytes() / 1_000_000).isLessThanOrEqualTo(64);
	}

}
