package org.bookinglifecycle.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * A JVM's main that runs another main class and, when the JVM exits, writes the heap it
 * used to a file: the most heap in use at any collection (summed over the heap pools just
 * before it, or at exit if that is more) and the most still in use just after one (the
 * live data the program kept). The night bench starts each job in a JVM of its own
 * through it, so that each job's heap is its own.
 * <p>
 * Arguments: the report file, the main class, then that class's arguments.
 */
public final class PeakHeapMain {

	/** Report key: bytes in use at the fullest moment seen. */
	static final String PEAK = "peak";

	/** Report key: bytes in use just after a collection, at most. */
	static final String LIVE = "live";

	/** Report key: the JVM's maximum heap. */
	static final String MAX = "max";

	private PeakHeapMain() {
	}

	public static void main(String[] args) throws Throwable {
		if (args.length < 2) {
			throw new IllegalArgumentException("usage: PeakHeapMain REPORT-FILE MAIN-CLASS [ARGS...]");
		}
		Path report = Path.of(args[0]);
		AtomicLong peak = new AtomicLong();
		AtomicLong live = new AtomicLong();
		watchCollections(peak, live);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> write(report, peak, live), "peak-heap-report"));
		Method main = Class.forName(args[1], true, PeakHeapMain.class.getClassLoader())
			.getMethod("main", String[].class);
		try {
			main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	/**
	 * After each collection, the heap pools' use just before it (a high-water mark) and
	 * just after it (what was live).
	 */
	private static void watchCollections(AtomicLong peak, AtomicLong live) {
		Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.map(MemoryPoolMXBean::getName)
			.collect(Collectors.toSet());
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener((notification, handback) -> {
					if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
						.equals(notification.getType())) {
						var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
							.getGcInfo();
						peak.accumulateAndGet(used(info.getMemoryUsageBeforeGc(), heapPools), Math::max);
						live.accumulateAndGet(used(info.getMemoryUsageAfterGc(), heapPools), Math::max);
					}
				}, null, null);
			}
		}
	}

	private static long used(Map<String, MemoryUsage> pools, Set<String> heapPools) {
		return pools.entrySet()
			.stream()
			.filter((pool) -> heapPools.contains(pool.getKey()))
			.mapToLong((pool) -> pool.getValue().getUsed())
			.sum();
	}

	/**
	 * The report; notifications arrive after their collection, so the pools' own figures
	 * (in use now, and just after their last collection) are taken too.
	 */
	private static void write(Path report, AtomicLong peak, AtomicLong live) {
		long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		long afterLast = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
			.mapToLong((pool) -> pool.getCollectionUsage().getUsed())
			.sum();
		Properties properties = new Properties();
		properties.setProperty(PEAK, String.valueOf(Math.max(peak.get(), Math.max(now, afterLast))));
		properties.setProperty(LIVE, String.valueOf(Math.max(live.get(), afterLast)));
		properties.setProperty(MAX, String.valueOf(Runtime.getRuntime().maxMemory()));
		try (var out = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
			properties.store(out, "heap of one JVM, bytes");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
