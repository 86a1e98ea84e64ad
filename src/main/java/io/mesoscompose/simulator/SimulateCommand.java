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

    /** Counted down by the JVM's shutdown (Ctrl-C), or by a test. */
    final CountDownLatch stop = new CountDownLatch(1);
    /** Counted down once the master listens; {@link #master} is set then. */
    final CountDownLatch started = new CountDownLatch(1);
    volatile MesosMasterSimulator master;

    @Override
    public Integer call() throws Exception {
        Thread hook = new Thread(stop::countDown);
        Runtime.getRuntime().addShutdownHook(hook);
        try (MesosMasterSimulator running = MesosMasterSimulator.start(
                SimulatorConfig.builder().port(port).agentCount(agents).seed(seed).build())) {
            master = running;
            System.out.println("Simulated Mesos master at " + running.url() + " with " + agents + " agents");
            started.countDown();
            stop.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook is running or has run
            }
        }
        return 0;
    }
}
