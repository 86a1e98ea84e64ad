package io.mesoscompose.bench;

import io.mesoscompose.compose.ComposeLoader;
import io.mesoscompose.compose.LoadRequest;
import io.mesoscompose.compose.LoadResult;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.plan.Planner;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.plan.ProjectPlan;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compose plan throughput (issue 2): time to load + validate + plan a generated file of 100 and of 1,000 services,
 * each service using the fields of the user's example (ports, ulimits, constraints, labels, fetch, volumes).
 *
 * <p>Run with {@code bin/bench ComposePlan [rounds]}. Each size is warmed up first; the figure is the median of the
 * measured rounds.
 */
public final class ComposePlanBenchmark {

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        BenchReport.header("compose load + validate + plan");
        for (int services : new int[] {100, 1_000}) {
            String text = generate(services);
            for (int i = 0; i < 5; i++) {
                run(text, services);
            }
            long[] nanos = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                run(text, services);
                nanos[i] = System.nanoTime() - start;
            }
            java.util.Arrays.sort(nanos);
            BenchReport.row(services + " services (" + text.length() / 1024 + " KiB): median",
                    "%.1f ms", nanos[rounds / 2] / 1e6);
            BenchReport.row(services + " services: fastest / slowest", "%.1f / %.1f ms",
                    nanos[0] / 1e6, nanos[rounds - 1] / 1e6);
        }
        BenchReport.row("peak heap", "%d MB", BenchReport.peakHeapBytes() >> 20);
    }

    private static void run(String text, int services) {
        LoadResult result = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("bench.yml", text)),
                Optional.of("bench"), Map.of("TAG", "1.25"), name -> Optional.empty()));
        ProjectPlan plan = Planner.plan(result.project().orElseThrow(
                () -> new IllegalStateException("generated file refused: " + result.diagnostics())),
                PlanSettings.defaults());
        if (plan.services().size() != services) {
            throw new IllegalStateException("planned " + plan.services().size() + " services, expected " + services);
        }
    }

    /** A compose file of {@code n} services shaped like the user's example, with interpolation and anchors. */
    static String generate(int n) {
        StringBuilder y = new StringBuilder("""
                x-common: &common
                  restart: always
                  ulimits:
                    nofile: { soft: 65536, hard: 65536 }
                  labels:
                    traefik.enable: "true"
                services:
                """);
        for (int i = 0; i < n; i++) {
            y.append("  svc").append(i).append(":\n")
                    .append("    <<: *common\n")
                    .append("    image: nginx:${TAG}\n")
                    .append("    command: [\"nginx\", \"-g\", \"daemon off;\"]\n")
                    .append("    environment:\n      INDEX: \"").append(i).append("\"\n      MODE: ${MODE:-prod}\n")
                    .append("    ports:\n      - \"").append(20000 + i).append(":80\"\n      - \"9090\"\n")
                    .append("      - \"").append(30000 + i).append(":443/https\"\n")
                    .append("    volumes:\n      - \"data").append(i).append(":/data\"\n")
                    .append("    deploy:\n      replicas: 2\n      placement:\n        constraints:\n")
                    .append("          - \"node.platform.os==linux\"\n          - \"unique\"\n")
                    .append("      resources:\n        limits: { cpus: 0.5, memory: 256M }\n");
        }
        y.append("volumes:\n");
        for (int i = 0; i < n; i++) {
            y.append("  data").append(i).append(": { driver: local }\n");
        }
        return y.toString();
    }
}
