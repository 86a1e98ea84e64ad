package io.mesoscompose.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * This JVM's collections, each as its collector reports it when it ends (G1: young and mixed collections, full ones,
 * and the remark and cleanup pauses of a concurrent cycle, all of which stop the application): so a slow request can
 * be matched with a pause by time. Collectors whose name says they report concurrent cycles (ZGC's and Shenandoah's
 * "Cycles") are left out: their time is not a pause.
 */
final class GcPauses {

    /** A pause that ended {@code endNanos} ({@link System#nanoTime}) after {@code millis} ms. */
    record Pause(long endNanos, long millis, String collector, String cause) {}

    private static final GcPauses INSTANCE = new GcPauses();

    private final List<Pause> pauses = new ArrayList<>();
    private final long uptime0 = ManagementFactory.getRuntimeMXBean().getUptime();
    private final long nanos0 = System.nanoTime();

    private GcPauses() {
        NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData());
                long end = nanos0 + (info.getGcInfo().getEndTime() - uptime0) * 1_000_000;
                synchronized (pauses) {
                    pauses.add(new Pause(end, info.getGcInfo().getDuration(), info.getGcName(), info.getGcCause()));
                }
            }
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!gc.getName().endsWith("Cycles") && gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
            }
        }
    }

    /** Starts listening (once per JVM); call before what is to be measured. */
    static GcPauses get() {
        return INSTANCE;
    }

    /** The pauses that ended between {@code fromNanos} and {@code toNanos}. */
    List<Pause> between(long fromNanos, long toNanos) {
        synchronized (pauses) {
            return pauses.stream().filter(p -> p.endNanos() >= fromNanos && p.endNanos() <= toNanos).toList();
        }
    }

    /**
     * "31 pauses, 1.46 s in all, the longest 234 ms; over 100 ms: 234 ms at 1.1 s, ...", times in seconds after
     * {@code originNanos}.
     */
    static String describe(List<Pause> pauses, long originNanos) {
        long total = pauses.stream().mapToLong(Pause::millis).sum();
        long longest = pauses.stream().mapToLong(Pause::millis).max().orElse(0);
        String slow = pauses.stream().filter(p -> p.millis() > 100).sorted(Comparator.comparingLong(Pause::endNanos))
                .map(p -> String.format(Locale.ROOT, "%d ms at %.1f s", p.millis(),
                        (p.endNanos() - p.millis() * 1_000_000 - originNanos) / 1e9))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%d pauses, %.2f s in all, the longest %d ms; over 100 ms: %s",
                pauses.size(), total / 1e3, longest, slow.isEmpty() ? "none" : slow);
    }

    /**
     * The pauses, or parts of them, between {@code fromSeconds} and {@code toSeconds} after {@code originNanos}: "95
     * ms, 12 ms", or "none".
     */
    static String within(List<Pause> pauses, long originNanos, double fromSeconds, double toSeconds) {
        String in = pauses.stream().filter(p -> {
            double end = (p.endNanos() - originNanos) / 1e9;
            return end >= fromSeconds && end - p.millis() / 1e3 <= toSeconds;
        }).map(p -> p.millis() + " ms").collect(Collectors.joining(", "));
        return in.isEmpty() ? "none" : in;
    }
}
