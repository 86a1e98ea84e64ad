package io.mesoscompose.bench;

import io.mesoscompose.json.Json;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * The simulated master as its own process, so that a benchmark measures the framework's CPU and heap without the
 * simulator's. {@code SimulatorProcess <agents> <offerIntervalMs>}: prints {@code url <master url>} once it listens,
 * then answers commands read from stdin, one line each, with one line of JSON: {@code stats} (its own CPU time and
 * heap, the calls it handled by type, the status updates it sent again, its tasks by state) and {@code gc} (the same after a full collection). Stops
 * when stdin ends, i.e. with the benchmark that started it.
 */
public final class SimulatorProcess {

    private SimulatorProcess() {}

    public static void main(String[] args) throws Exception {
        int agents = Integer.parseInt(args[0]);
        long offerMillis = Long.parseLong(args[1]);
        try (MesosMasterSimulator master = MesosMasterSimulator.start(SimulatorConfig.builder()
                .agents(SimulatorConfig.generateAgents(agents, 1))
                .heartbeatInterval(Duration.ofSeconds(5)).offerInterval(Duration.ofMillis(offerMillis)).build())) {
            System.out.println("url " + master.url());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("gc")) {
                    System.gc();
                }
                System.out.println(Json.MAPPER.writeValueAsString(stats(master)));
                System.out.flush();
            }
        }
    }

    private static Map<String, Object> stats(MesosMasterSimulator master) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cpuNanos", BenchReport.processCpuNanos());
        BenchReport.JvmWork jvm = BenchReport.jvmWork();
        out.put("jitNanos", jvm.jitNanos());
        out.put("gcNanos", jvm.gcNanos());
        out.put("collections", jvm.collections());
        out.put("collectionMillis", jvm.collectionMillis());
        out.put("heapBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        Map<String, Long> calls = new LinkedHashMap<>();
        for (Call.Type type : Call.Type.values()) {
            long n = master.calls(type);
            if (n > 0) {
                calls.put(type.name(), n);
            }
        }
        out.put("calls", calls);
        out.put("resent", master.statusUpdatesResent());
        Map<String, Long> tasks = new LinkedHashMap<>();
        master.taskCounts().forEach((state, n) -> tasks.put(state.name(), n));
        out.put("tasks", tasks);
        return out;
    }
}
