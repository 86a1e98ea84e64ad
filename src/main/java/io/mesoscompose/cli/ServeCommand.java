package io.mesoscompose.cli;

import io.mesoscompose.api.ApiCredentials;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.config.Settings;
import io.mesoscompose.framework.Framework;
import io.mesoscompose.framework.HighlyAvailableFramework;
import io.mesoscompose.secrets.VaultSecretResolver;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import io.mesoscompose.state.StateStores;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mesos-compose serve}: runs the framework until stopped. Settings come from the environment variables of
 * {@link Settings} (listed by {@code serve --help}); these flags override single values. With no settings at all
 * it runs with its embedded defaults: master {@code 127.0.0.1:5050}, state in {@code ./mesos-compose-data}, API on
 * port 10000 with generated credentials. {@code --simulate} runs a simulated Mesos cluster in the same process and
 * the framework against it: the way to try mesos-compose without a cluster.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the framework: subscribe to the Mesos master and serve the HTTP API.")
public final class ServeCommand implements Callable<Integer> {

    /** Where {@code --simulate} keeps its state unless told otherwise: apart from a real cluster's state. */
    static final String SIMULATED_STATE_DIR = "mesos-compose-sim";
    /** How long the JVM's shutdown waits for the framework to close (store flushed, API stopped). */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = "--master", paramLabel = "URL[,URL…]|zk://…",
            description = "Mesos master(s): host:port, http(s) URLs, or zk://host:port,…/mesos (MESOS_MASTER).")
    String master;

    @Option(names = "--simulate", arity = "0..1", fallbackValue = "3", paramLabel = "AGENTS",
            description = "Run a simulated Mesos cluster with AGENTS agents (default 3) in this process and the "
                    + "framework against it, API on loopback, state in ./" + SIMULATED_STATE_DIR + ".")
    Integer simulate;

    @Option(names = "--listen", paramLabel = "HOST", description = "Address the HTTP API binds (FRAMEWORK_LISTEN).")
    String listen;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP API port (FRAMEWORK_PORT, default 10000).")
    Integer port;

    @Option(names = "--webui-url", paramLabel = "URL",
            description = "The URL registered with Mesos, where the Mesos CLI finds this API (FRAMEWORK_WEBUIURL).")
    String webuiUrl;

    @Option(names = "--state", paramLabel = "DIR|redis://…",
            description = "State store: a directory (embedded, default ./mesos-compose-data) or redis://[:pw@]host:port/db.")
    String state;

    @Option(names = "--insecure-no-auth", description = "Serve the HTTP API without authentication (test setups only).")
    boolean insecureNoAuth;

    @Option(names = "--ha", paramLabel = "zk://host:port,…/path",
            description = "High availability: elect one leader among the instances started like this one; needs a "
                    + "zk:// or redis:// state (MESOS_COMPOSE_HA).")
    String ha;

    /** Counted down once the framework runs (tests); {@link #running} is set then. */
    final CountDownLatch started = new CountDownLatch(1);
    /** Counted down by the JVM's shutdown (Ctrl-C), or by a test. */
    final CountDownLatch stop = new CountDownLatch(1);
    /** Counted down once everything has stopped: the shutdown hook waits for it, so the JVM ends after. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    volatile Framework running;

    /** Adds the list of environment variables to {@code serve --help}. */
    static void addSettingsHelp(CommandLine serve) {
        int width = serve.getCommandSpec().usageMessage().width();
        serve.getCommandSpec().usageMessage().footer(
                Settings.helpText(width).replace("%", "%%").replace("\n", "%n"));
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (simulate != null && simulate < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--simulate needs at least 1 agent");
        }
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        try {
            FrameworkConfig.Overrides overrides = new FrameworkConfig.Overrides(Optional.ofNullable(master),
                    Optional.ofNullable(listen), Optional.ofNullable(port), Optional.ofNullable(webuiUrl),
                    Optional.ofNullable(state), insecureNoAuth);
            Optional<MesosMasterSimulator> simulated = Optional.empty();
            if (simulate != null) {
                MesosMasterSimulator sim = MesosMasterSimulator.start(
                        SimulatorConfig.builder().port(0).agentCount(simulate).build());
                parts.push(sim);
                simulated = Optional.of(sim);
                overrides = forSimulation(overrides, sim);
            }
            FrameworkConfig config = FrameworkConfig.fromEnvironment(withHa(simulate != null ? simulatedEnvironment()
                    : System.getenv())).with(overrides);
            if (config.ha().isPresent()) {
                parts.push(HighlyAvailableFramework.start(config, VaultSecretResolver.fromEnvironment(System.getenv()),
                        Clock.systemUTC(), ServeCommand::exitForRestart));
            } else {
                Framework framework = Framework.start(config, VaultSecretResolver.fromEnvironment(System.getenv()),
                        Clock.systemUTC());
                parts.push(framework);
                framework.scheduler().onFatal(e -> exitForRestart());
                simulated.ifPresent(sim -> printWelcome(spec.commandLine().getOut(), sim, framework, config));
                running = framework;
            }
            Thread hook = new Thread(() -> {
                stop.countDown();
                awaitQuietly(stopped);
            }, "shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            started.countDown();
            stop.await();
            removeHook(hook);
            return 0;
        } finally {
            closeAll(parts);
            stopped.countDown();
        }
    }

    /**
     * A scheduler that stopped on a fatal error, or a leader that cannot confirm its scheduler stopped, must not
     * leave a process that looks alive: exit, so the supervisor (systemd, Marathon, ...) restarts it; the state store
     * makes the restart lose nothing.
     */
    private static void exitForRestart() {
        Thread.ofPlatform().start(() -> System.exit(70));
    }

    /** The environment with {@code --ha} as {@code MESOS_COMPOSE_HA}, which it overrides. */
    private Map<String, String> withHa(Map<String, String> environment) {
        if (ha == null) {
            return environment;
        }
        Map<String, String> env = new HashMap<>(environment);
        env.put(Settings.MESOS_COMPOSE_HA.name(), ha);
        return env;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The simulated master's address; unless given, the API on loopback (nothing outside this machine can reach a
     * simulated cluster's tasks anyway), registered under that address, and the state apart from a real one's.
     */
    private FrameworkConfig.Overrides forSimulation(FrameworkConfig.Overrides o, MesosMasterSimulator sim) {
        if (master != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--simulate and --master exclude each other");
        }
        return new FrameworkConfig.Overrides(Optional.of(sim.url()), o.listenHost().or(() -> Optional.of("127.0.0.1")),
                o.port(), o.webuiUrl(), o.state().or(() -> Optional.of(SIMULATED_STATE_DIR)), o.insecureNoAuth());
    }

    /**
     * The environment for a simulated cluster: as given, except that the state store, the master and the host name
     * are the simulation's own (a MESOS_MASTER or REDIS_SERVER meant for a real cluster must not be used here).
     */
    private static Map<String, String> simulatedEnvironment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove(Settings.MESOS_MASTER.name());
        env.remove(Settings.REDIS_SERVER.name());
        env.remove(Settings.MESOS_COMPOSE_STATE.name());
        env.putIfAbsent(Settings.FRAMEWORK_HOSTNAME.name(), "127.0.0.1");
        return env;
    }

    private static void printWelcome(PrintWriter out, MesosMasterSimulator sim, Framework framework,
                                     FrameworkConfig config) {
        String credentials = StateStores.embeddedDirectory(config.state().spec())
                .map(dir -> dir.resolve(ApiCredentials.FILE_NAME).toString())
                .filter(f -> config.http().username().isEmpty() && !config.http().insecureNoAuth())
                .map(f -> f + " (the client finds it when run from this directory)")
                .orElse(config.http().insecureNoAuth() ? "none (--insecure-no-auth)" : "AUTH_USERNAME / AUTH_PASSWORD");
        out.printf("%nmesos-compose is running against a simulated Mesos cluster of %d agents.%n",
                sim.agents().size());
        out.printf("  HTTP API:         %s%n", framework.apiUri());
        out.printf("  dashboard:        %s/ui (the same credentials)%n", framework.apiUri());
        out.printf("  API credentials:  %s%n", credentials);
        out.printf("  Mesos master:     %s (simulated; state at %s/master/state)%n", sim.url(), sim.url());
        out.printf("  state:            %s%n", config.state());
        out.printf("Try it:  bin/mesos-compose up -f examples/web-db.yaml   then   bin/mesos-compose ps%n%n");
        out.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook is running or has run
        }
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                // stopping: nothing left to do about a part that fails to close
            }
        }
    }
}
