package io.mesoscompose.cli;

import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.framework.Framework;
import io.mesoscompose.secrets.VaultSecretResolver;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mesos-compose serve}: runs the framework until stopped. Settings come from the Go mesos-compose's
 * environment variables (docs/configuration.md); these flags override single values. With no settings at all it
 * runs with its embedded defaults: master {@code localhost:5050}, state in {@code ./mesos-compose-data}, API on
 * port 10000 with generated credentials.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the framework: subscribe to the Mesos master and serve the HTTP API.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--master", paramLabel = "URL[,URL…]|zk://…",
            description = "Mesos master(s): host:port, http(s) URLs, or zk://host:port,…/mesos (MESOS_MASTER).")
    String master;

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

    @Override
    public Integer call() throws InterruptedException {
        FrameworkConfig config = FrameworkConfig.fromEnvironment(System.getenv()).with(new FrameworkConfig.Overrides(
                Optional.ofNullable(master), Optional.ofNullable(listen), Optional.ofNullable(port),
                Optional.ofNullable(webuiUrl), Optional.ofNullable(state), insecureNoAuth));
        Framework framework = Framework.start(config, VaultSecretResolver.fromEnvironment(System.getenv()),
                Clock.systemUTC());
        // A scheduler that stopped on a fatal error must not leave a process that looks alive: exit, so the
        // supervisor (systemd, Marathon, ...) restarts it; the state store makes the restart lose nothing.
        framework.scheduler().onFatal(e -> Thread.ofPlatform().start(() -> System.exit(70)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            framework.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
