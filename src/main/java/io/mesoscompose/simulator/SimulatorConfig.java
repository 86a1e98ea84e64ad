package io.mesoscompose.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * How a simulated master behaves. Built with {@link #builder()}; agents not given explicitly are generated with
 * varied resources and attributes from {@code seed}, so a test run is reproducible.
 */
public record SimulatorConfig(
        int port,
        List<SimAgent> agents,
        Duration heartbeatInterval,
        Duration offerInterval,
        Duration offerTimeout,
        Duration statusRetryInitial,
        Duration defaultRefuse,
        Optional<String> principal,
        Optional<String> secret,
        Function<TaskInfo, TaskScript> scriptFor) {

    public static Builder builder() {
        return new Builder();
    }

    /** {@code count} agents with resources and attributes drawn from {@code seed}. */
    public static List<SimAgent> generateAgents(int count, long seed) {
        Random random = new Random(seed);
        String[] arches = {"amd64", "arm64"};
        List<SimAgent> agents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double cpus = 2 + random.nextInt(7);
            double mem = 1024L * (2 + random.nextInt(15));
            double disk = 1024L * (10 + random.nextInt(90));
            long portsBegin = 31000 + i * 1000L;
            agents.add(new SimAgent(
                    "sim-agent-" + i,
                    "agent" + i + ".sim.local",
                    cpus,
                    mem,
                    disk,
                    portsBegin,
                    portsBegin + 999,
                    "*",
                    Map.of("hostname", "agent" + i + ".sim.local", "os", "linux",
                            "arch", arches[random.nextInt(arches.length)], "rack", "r" + (i % 3))));
        }
        return agents;
    }

    public static final class Builder {
        private int port;
        private int agentCount = 3;
        private long seed = 1;
        private List<SimAgent> agents;
        private Duration heartbeatInterval = Duration.ofSeconds(15);
        private Duration offerInterval = Duration.ofSeconds(1);
        private Duration offerTimeout = Duration.ofMinutes(5);
        private Duration statusRetryInitial = Duration.ofSeconds(10);
        private Duration defaultRefuse = Duration.ofSeconds(5);
        private String principal;
        private String secret;
        private Function<TaskInfo, TaskScript> scriptFor = task -> TaskScript.runForever();

        public Builder port(int port) { this.port = port; return this; }
        public Builder agentCount(int count) { this.agentCount = count; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder agents(List<SimAgent> agents) { this.agents = List.copyOf(agents); return this; }
        public Builder heartbeatInterval(Duration d) { this.heartbeatInterval = d; return this; }
        public Builder offerInterval(Duration d) { this.offerInterval = d; return this; }
        public Builder offerTimeout(Duration d) { this.offerTimeout = d; return this; }
        public Builder statusRetryInitial(Duration d) { this.statusRetryInitial = d; return this; }
        /** Refuse time applied on DECLINE without Filters, as the master's default of 5 seconds. */
        public Builder defaultRefuse(Duration d) { this.defaultRefuse = d; return this; }
        public Builder basicAuth(String principal, String secret) {
            this.principal = principal;
            this.secret = secret;
            return this;
        }
        public Builder scriptFor(Function<TaskInfo, TaskScript> f) { this.scriptFor = f; return this; }

        public SimulatorConfig build() {
            return new SimulatorConfig(port, agents != null ? agents : generateAgents(agentCount, seed),
                    heartbeatInterval, offerInterval, offerTimeout, statusRetryInitial, defaultRefuse,
                    Optional.ofNullable(principal), Optional.ofNullable(secret), scriptFor);
        }
    }
}
