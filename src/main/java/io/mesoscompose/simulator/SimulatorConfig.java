package io.mesoscompose.simulator;

import java.time.Clock;
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
 *
 * @param strict    true (the default): the master applies every rule of a real master and the agents fail what
 *                  real agents fail (see docs/mesos-conformance.md); false: only what is needed to book resources
 *                  consistently (outstanding offers of one agent, a free task ID, resources the offers hold)
 * @param clock     the time of status updates, offers and refusal filters
 * @param scriptFor what each launched task does; by default read from its labels ({@link TaskScripts})
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
        Function<TaskInfo, TaskScript> scriptFor,
        boolean strict,
        Clock clock) {

    public SimulatorConfig {
        agents = List.copyOf(agents);
    }

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
        private Optional<List<SimAgent>> agents = Optional.empty();
        private Duration heartbeatInterval = Duration.ofSeconds(15);
        private Duration offerInterval = Duration.ofSeconds(1);
        private Duration offerTimeout = Duration.ofMinutes(5);
        private Duration statusRetryInitial = Duration.ofSeconds(10);
        private Duration defaultRefuse = Duration.ofSeconds(5);
        private Optional<String> principal = Optional.empty();
        private Optional<String> secret = Optional.empty();
        private Function<TaskInfo, TaskScript> scriptFor = TaskScripts::fromLabels;
        private boolean strict = true;
        private Clock clock = Clock.systemUTC();

        public Builder port(int port) { this.port = port; return this; }
        public Builder agentCount(int count) { this.agentCount = count; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder agents(List<SimAgent> agents) { this.agents = Optional.of(List.copyOf(agents)); return this; }
        public Builder heartbeatInterval(Duration d) { this.heartbeatInterval = d; return this; }
        public Builder offerInterval(Duration d) { this.offerInterval = d; return this; }
        public Builder offerTimeout(Duration d) { this.offerTimeout = d; return this; }
        public Builder statusRetryInitial(Duration d) { this.statusRetryInitial = d; return this; }
        /** Refuse time applied on DECLINE without Filters, as the master's default of 5 seconds. */
        public Builder defaultRefuse(Duration d) { this.defaultRefuse = d; return this; }
        public Builder basicAuth(String principal, String secret) {
            this.principal = Optional.of(principal);
            this.secret = Optional.of(secret);
            return this;
        }
        public Builder scriptFor(Function<TaskInfo, TaskScript> f) { this.scriptFor = f; return this; }
        /** False: a lenient master that checks only what booking resources needs (see {@link SimulatorConfig}). */
        public Builder strict(boolean on) { this.strict = on; return this; }
        public Builder clock(Clock c) { this.clock = c; return this; }

        public SimulatorConfig build() {
            return new SimulatorConfig(port, agents.orElseGet(() -> generateAgents(agentCount, seed)),
                    heartbeatInterval, offerInterval, offerTimeout, statusRetryInitial, defaultRefuse,
                    principal, secret, scriptFor, strict, clock);
        }
    }
}
