package io.mesoscompose.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Prints a benchmark's figures together with the machine and JVM they were measured on, in a form that can be
 * pasted into docs/benchmarks.md as it is.
 */
final class BenchReport {

    private BenchReport() {}

    static void header(String title) {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "## %s%n%nmachine: %s %s, %d cpus, max heap %d MB; JVM %s %s; options: %s%n%n",
                title, System.getProperty("os.name"), System.getProperty("os.arch"), rt.availableProcessors(),
                rt.maxMemory() >> 20, System.getProperty("java.vm.name"), System.getProperty("java.version"),
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.println("| measurement | value |");
        System.out.println("|---|---|");
    }

    static void row(String name, String format, Object... args) {
        System.out.printf(Locale.ROOT, "| %s | %s |%n", name, String.format(Locale.ROOT, format, args));
    }

    /** The machine's load average over 1, 5 and 15 minutes, as {@code /proc/loadavg} gives it. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Starts {@link #peakHeapBytes} again from the heap's current use (for a second measurement in one JVM). */
    static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Peak heap use since the JVM started or {@link #resetPeakHeap} (sum of the heap pools' peaks). */
    static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** CPU time this JVM's threads have used so far, in nanoseconds. */
    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * Bytes this JVM's threads have allocated on the heap so far (HotSpot's count, including threads that have
     * ended), or -1 where it is not counted. It varies far less than CPU time with what else the machine runs (a few
     * percent between runs): the figure to follow when work per task is cut, and what young collections' work grows
     * with.
     */
    static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean sun
                && sun.isThreadAllocatedMemoryEnabled()) {
            return sun.getTotalThreadAllocatedBytes();
        }
        return -1;
    }

    /**
     * The JVM's own work so far: the CPU time of its JIT compiler and garbage collector threads, in nanoseconds, and
     * its collections with the time the collector beans give for them (pauses, and concurrent cycles as each counts).
     */
    record JvmWork(long jitNanos, long gcNanos, long collections, long collectionMillis) {
        JvmWork minus(JvmWork before) {
            return new JvmWork(jitNanos - before.jitNanos, gcNanos - before.gcNanos, collections - before.collections,
                    collectionMillis - before.collectionMillis);
        }
    }

    /**
     * The JVM's own work ({@link JvmWork}; its threads' CPU as {@link #threads} reads it): a JIT compiles a
     * warming-up process's code once, and a collector's work grows with the heap, so the figures per task are given
     * with and without them.
     */
    static JvmWork jvmWork() {
        long jit = 0;
        long gc = 0;
        for (ThreadCpu t : threads()) {
            if (isCompiler(t.name())) {
                jit += t.nanos();
            } else if (t.name().startsWith("GC Thread") || t.name().startsWith("G1 ")) {
                gc += t.nanos();
            }
        }
        long count = 0;
        long millis = 0;
        for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        return new JvmWork(jit, gc, count, millis);
    }

    /** The CPU time of this JVM's threads so far by name, in nanoseconds ({@link #threads}). */
    static Map<String, Long> threadCpu() {
        Map<String, Long> byName = new HashMap<>();
        threads().forEach(t -> byName.merge(t.name(), t.nanos(), Long::sum));
        return byName;
    }

    /** One thread's CPU time so far: its ID, and its name as the kernel keeps it (at most 15 characters). */
    private record ThreadCpu(String tid, String name, long nanos) {}

    /**
     * Each JIT compiler thread as last read, by thread ID, kept after it ends. HotSpot starts compiler threads beyond
     * the first of each kind while its compile queues are long and ends them once idle
     * ({@code -XX:+UseDynamicNumberOfCompilerThreads}, the default; it does so from 4 CPUs on, or with
     * {@code -XX:CICompilerCount} above 2); an ended thread is gone from {@code /proc}, and its CPU would be counted
     * as the framework's own.
     */
    private static final Map<String, ThreadCpu> COMPILERS = new ConcurrentHashMap<>();

    /**
     * Reads the compiler threads' CPU time now; call it while waiting, every 100 ms or so. A compiler thread ends
     * only after it has been idle for a while, so what it used until its last reading is what it used.
     */
    static void watchCompilers() {
        threads();
    }

    private static boolean isCompiler(String threadName) {
        return threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler");
    }

    /**
     * This JVM's threads' CPU time so far, read from Linux' {@code /proc/self/task/<tid>/stat} (utime and stime, in
     * clock ticks of 10 ms), and the compiler threads that have ended as last read ({@link #COMPILERS}). Other
     * threads that have ended are not counted; empty elsewhere than Linux.
     */
    private static List<ThreadCpu> threads() {
        List<ThreadCpu> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                String[] fields = stat.substring(close + 2).split(" ");
                // fields[0] is the state (field 3 of proc(5)); utime and stime are fields 14 and 15
                long nanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
                out.add(new ThreadCpu(task.getFileName().toString(), name, nanos));
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        Set<String> alive = new HashSet<>();
        for (ThreadCpu t : out) {
            alive.add(t.tid());
            if (isCompiler(t.name())) {
                COMPILERS.put(t.tid(), t);
            }
        }
        COMPILERS.values().stream().filter(t -> !alive.contains(t.tid())).forEach(out::add);
        return out;
    }

    /**
     * The threads that used most CPU between two {@link #threadCpu} readings, the most first, as "name 1.2 s (25%)"
     * (shares of {@code totalNanos}; digits in names replaced by {@code #}, so numbered threads of a kind add up).
     */
    static String topThreads(Map<String, Long> before, Map<String, Long> after, long totalNanos, int n) {
        Map<String, Long> used = new HashMap<>();
        after.forEach((name, nanos) -> used.merge(name.replaceAll("[0-9]+", "#"),
                nanos - before.getOrDefault(name, 0L), Long::sum));
        return used.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .map(e -> String.format(Locale.ROOT, "%s %.1f s (%.0f%%)", e.getKey(), e.getValue() / 1e9,
                        100.0 * e.getValue() / totalNanos))
                .collect(Collectors.joining(", "));
    }
}
