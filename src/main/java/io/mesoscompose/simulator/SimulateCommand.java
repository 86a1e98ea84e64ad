package io.mesoscompose.simulator;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesos-compose simulate}: runs a simulated Mesos master until interrupted. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Runs a simulated Apache Mesos master (v1 scheduler API) on loopback.")
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--agents", defaultValue = "3", description = "Number of simulated agents (default ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--port", defaultValue = "5050", description = "Port to listen on, 0 for any (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for the agents' resources (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        try (MesosMasterSimulator master = MesosMasterSimulator.start(
                SimulatorConfig.builder().port(port).agentCount(agents).seed(seed).build())) {
            System.out.println("Simulated Mesos master at " + master.url() + " with " + agents + " agents");
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
        }
        return 0;
    }
}
