package io.mesoscompose.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * Prints a benchmark's figures together with the machine and JVM they were measured on, in a form that can be
 * pasted into docs/benchmarks.md as it is.
 */
final class BenchReport {

    private BenchReport() {}

    static void header(String title) {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "## %s%n%nmachine: %s %s, %d cpus, max heap %d MB; JVM %s %s%n%n",
                title, System.getProperty("os.name"), System.getProperty("os.arch"), rt.availableProcessors(),
                rt.maxMemory() >> 20, System.getProperty("java.vm.name"), System.getProperty("java.version"));
        System.out.println("| measurement | value |");
        System.out.println("|---|---|");
    }

    static void row(String name, String format, Object... args) {
        System.out.printf(Locale.ROOT, "| %s | %s |%n", name, String.format(Locale.ROOT, format, args));
    }

    /** Peak heap use since the JVM started (sum of the heap pools' peaks). */
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
     * Time this JVM's JIT compilers have spent so far, in nanoseconds: CPU time the process spends once while it
     * warms up (a long-running framework pays it at start), reported apart from the per-task figures.
     */
    static long jitNanos() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() * 1_000_000L : 0;
    }
}
