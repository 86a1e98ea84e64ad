package io.mesoscompose.client;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Where the framework's API is and how to log in. Each value comes from the first of: a command-line flag, the
 * environment ({@code MESOS_COMPOSE_URL}, {@code MESOS_COMPOSE_USER}, {@code MESOS_COMPOSE_PASSWORD}), the config
 * file ({@code --config}, else {@code $XDG_CONFIG_HOME/mesos-compose/config.properties}, else
 * {@code ~/.config/mesos-compose/config.properties}, keys {@code url}, {@code user}, {@code password}), the default
 * {@code http://127.0.0.1:10000}. The framework's generated {@code api-credentials.properties} is such a file.
 * For HTTPS with a private CA or a self-signed certificate: {@code --ca}, {@code MESOS_COMPOSE_CA} or key {@code ca}
 * name a PEM file with the certificates to trust.
 *
 * <p>The password is not taken from a flag: command lines are visible to every user of the machine.
 */
public record ClientSettings(URI url, Optional<String> user, Optional<String> password, Optional<Path> caFile) {
    public static final String DEFAULT_URL = "http://127.0.0.1:10000";

    @Override
    public String toString() {
        return "ClientSettings[url=" + url + ", user=" + user.orElse("") + ", password="
                + (password.isPresent() ? "****" : "") + ", ca=" + caFile.map(Path::toString).orElse("") + "]";
    }

    /** As {@link #resolve(Optional, Optional, Optional, Optional, Map, Path, Optional)} without a working directory. */
    public static ClientSettings resolve(Optional<String> url, Optional<String> user, Optional<Path> config,
                                         Optional<Path> ca, Map<String, String> env, Path home) {
        return resolve(url, user, config, ca, env, home, Optional.empty());
    }

    /**
     * @param url        the {@code --url} flag
     * @param user       the {@code --user} flag
     * @param config     the {@code --config} flag; an explicitly named file must exist
     * @param ca         the {@code --ca} flag
     * @param workingDir where the command runs: when no credentials are configured at all and the API is on this
     *                   machine (loopback), the credentials a framework started in this directory generated
     *                   ({@link #LOCAL_STATE_DIRS}) are used, so {@code serve --simulate} then {@code up} just works
     */
    public static ClientSettings resolve(Optional<String> url, Optional<String> user, Optional<Path> config,
                                         Optional<Path> ca, Map<String, String> env, Path home,
                                         Optional<Path> workingDir) {
        Properties file = load(config.or(() -> Optional.of(defaultConfigFile(env, home))), config.isPresent());
        String resolvedUrl = url.or(() -> value(env, "MESOS_COMPOSE_URL"))
                .or(() -> Optional.ofNullable(file.getProperty("url")))
                .orElse(DEFAULT_URL);
        Optional<String> resolvedUser = user.or(() -> value(env, "MESOS_COMPOSE_USER"))
                .or(() -> Optional.ofNullable(file.getProperty("user")));
        Optional<String> password = value(env, "MESOS_COMPOSE_PASSWORD")
                .or(() -> Optional.ofNullable(file.getProperty("password")));
        Optional<Path> caFile = ca.or(() -> value(env, "MESOS_COMPOSE_CA").map(Path::of))
                .or(() -> Optional.ofNullable(file.getProperty("ca")).map(Path::of));
        String withScheme = resolvedUrl.contains("://") ? resolvedUrl : "http://" + resolvedUrl;
        URI uri = URI.create(withScheme.replaceAll("/+$", ""));
        if (resolvedUser.isEmpty() && password.isEmpty() && workingDir.isPresent() && isLoopback(uri)) {
            Optional<Properties> local = localCredentials(workingDir.get());
            if (local.isPresent()) {
                resolvedUser = Optional.ofNullable(local.get().getProperty("user"));
                password = Optional.ofNullable(local.get().getProperty("password"));
            }
        }
        return new ClientSettings(uri, resolvedUser, password, caFile);
    }

    /** The state directories {@code serve} and {@code serve --simulate} use by default. */
    public static final List<String> LOCAL_STATE_DIRS = List.of("mesos-compose-data", "mesos-compose-sim");
    /** The file with the generated API credentials in a state directory. */
    public static final String CREDENTIALS_FILE = "api-credentials.properties";

    /** Of the default state directories under {@code dir}, the credentials of the one written to last. */
    static Optional<Properties> localCredentials(Path dir) {
        return LOCAL_STATE_DIRS.stream().map(d -> dir.resolve(d))
                .filter(d -> Files.isRegularFile(d.resolve(CREDENTIALS_FILE)))
                .max(Comparator.comparing(ClientSettings::lastWrite))
                .map(d -> load(Optional.of(d.resolve(CREDENTIALS_FILE)), true));
    }

    private static FileTime lastWrite(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> {
                try {
                    return Files.getLastModifiedTime(f);
                } catch (IOException e) {
                    return FileTime.fromMillis(0);
                }
            }).max(Comparator.naturalOrder()).orElse(FileTime.fromMillis(0));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    static Path defaultConfigFile(Map<String, String> env, Path home) {
        Path base = value(env, "XDG_CONFIG_HOME").map(Path::of).orElse(home.resolve(".config"));
        return base.resolve("mesos-compose").resolve("config.properties");
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    private static Properties load(Optional<Path> file, boolean required) {
        Properties properties = new Properties();
        if (file.isEmpty() || (!required && !Files.isRegularFile(file.get()))) {
            return properties;
        }
        try (Reader in = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the config file " + file.get(), e);
        }
        return properties;
    }
}
