package io.mesoscompose.cli;

import io.mesoscompose.client.ClientSettings;
import io.mesoscompose.client.ComposeClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the client commands find the framework: flags over the environment over the config file (see
 * {@link ClientSettings}).
 */
public final class ClientOptions {
    @Option(names = "--url", description = "framework API URL (env MESOS_COMPOSE_URL; default http://127.0.0.1:10000)")
    String url;

    @Option(names = "--user", description = "API user (env MESOS_COMPOSE_USER); the password comes from "
            + "MESOS_COMPOSE_PASSWORD or the config file")
    String user;

    @Option(names = "--config", description = "client config file with url, user, password "
            + "(default ~/.config/mesos-compose/config.properties)")
    Path config;

    @Option(names = "--ca", description = "PEM file with the certificates to trust for https (env MESOS_COMPOSE_CA)")
    Path ca;

    /** Lets tests run commands in-process with an environment of their own. */
    static Map<String, String> environment = System.getenv();
    /** Where the command runs (tests set their own). */
    static Path workingDirectory = Path.of("").toAbsolutePath();

    ComposeClient client() {
        return new ComposeClient(settings());
    }

    ClientSettings settings() {
        return ClientSettings.resolve(Optional.ofNullable(url).filter(u -> !u.isBlank()), Optional.ofNullable(user),
                Optional.ofNullable(config), Optional.ofNullable(ca), environment, Path.of(System.getProperty("user.home")),
                Optional.of(workingDirectory));
    }
}
