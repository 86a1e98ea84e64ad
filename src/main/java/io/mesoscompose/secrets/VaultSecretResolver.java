package io.mesoscompose.secrets;

import io.mesoscompose.compose.model.VaultRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code vault://<path>:<key>} references from Vault's KV secrets engine at launch time. The path is used as
 * written, as the Go mesos-compose does: a KV v2 path carries {@code data/} ({@code secret/data/m3s/test}), a KV v1
 * path does not. Reads are cached per path for the configured TTL; failures that may pass (sealed, 5xx,
 * unreachable) are retried with doubling pauses, then reported as retryable so the task waits rather than starts
 * without its secret. Every resolved value is handed to {@link Redaction}; no value is logged or put in a message.
 */
public final class VaultSecretResolver implements SecretResolver {

    /** Waits between tries; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(VaultSecretResolver.class);

    /** Vault just failed every try: later launches fail at once until {@code until}, not each after a wait. */
    private record Outage(String reason, Instant until) {}

    private final VaultConfig config;
    private final Clock clock;
    private volatile Outage outage;
    private final VaultHttp http;
    private final VaultTokens tokens;
    private final SecretCache cache;
    private final Pause pause;
    private final Redaction redaction;

    public VaultSecretResolver(VaultConfig config) {
        this(config, Clock.systemUTC(), d -> Thread.sleep(d), Redaction.global());
    }

    public VaultSecretResolver(VaultConfig config, Clock clock, Pause pause, Redaction redaction) {
        this.config = config;
        this.clock = clock;
        this.http = new VaultHttp(config);
        this.tokens = new VaultTokens(config.auth(), http, clock);
        this.cache = new SecretCache(clock, config.cacheTtl());
        this.pause = pause;
        this.redaction = redaction;
        if (config.skipVerify()) {
            log.warn("VAULT_SKIP_VERIFY is on: Vault's TLS certificate is not checked");
        }
        log.info("Vault secrets from {} ({}{}, KV {}, cache {})", config.url(), authName(config.auth()),
                config.namespace().map(ns -> ", namespace " + ns).orElse(""),
                config.kvVersion().name().toLowerCase(java.util.Locale.ROOT), config.cacheTtl());
    }

    /**
     * The resolver the environment asks for: {@link SecretResolver#NONE} when no Vault credentials are set, else a
     * Vault resolver whose state ({@code sys/health}) is logged once, so an operator sees a sealed Vault at start.
     *
     * @throws IllegalArgumentException naming every malformed {@code VAULT_*} variable
     */
    public static SecretResolver fromEnvironment(Map<String, String> env) {
        return VaultConfig.fromEnv(env).<SecretResolver>map(config -> {
            VaultSecretResolver resolver = new VaultSecretResolver(config);
            String health = resolver.health();
            if (health.startsWith("initialized")) {
                log.info("Vault at {} is {}", config.url(), health);
            } else {
                log.warn("Vault at {} is {}: tasks with vault:// secrets wait until it can serve reads",
                        config.url(), health);
            }
            return resolver;
        }).orElse(SecretResolver.NONE);
    }

    /** Vault's state from {@code sys/health}, in words ("sealed", "initialized, unsealed and active", ...). */
    public String health() {
        return http.health();
    }

    @Override
    public Map<String, String> resolve(String project, String service, Map<String, VaultRef> refs)
            throws SecretUnavailableException {
        Map<String, Map<String, String>> byPath = new HashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, VaultRef> e : refs.entrySet()) {
            VaultRef ref = e.getValue();
            Map<String, String> data = byPath.get(ref.path());
            if (data == null) {
                try {
                    data = secretAt(ref.path());
                } catch (VaultFailure f) {
                    log.debug("Secret {} for {}/{} unavailable: {}", ref, project, service, f.getMessage());
                    throw new SecretUnavailableException(project, service, ref, f.getMessage(), f.retryable());
                }
                byPath.put(ref.path(), data);
            }
            String value = data.get(ref.key());
            if (value == null) {
                String reason = "no key \"" + ref.key() + "\" in the secret at path " + ref.path()
                        + " (keys there: " + String.join(", ", new TreeSet<>(data.keySet())) + ")";
                log.debug("Secret {} for {}/{} unavailable: {}", ref, project, service, reason);
                throw new SecretUnavailableException(project, service, ref, reason, false);
            }
            redaction.remember(value);
            values.put(e.getKey(), value);
        }
        if (!values.isEmpty()) {
            log.debug("Resolved {} secret(s) for {}/{}: {}", values.size(), project, service, values.keySet());
        }
        return values;
    }

    /** The key/value pairs at {@code path}: from the cache, or read with retries. */
    private Map<String, String> secretAt(String path) throws VaultFailure {
        Optional<Map<String, String>> cached = cache.get(path);
        if (cached.isPresent()) {
            return cached.get();
        }
        Optional<VaultFailure> known = cache.failure(path);
        if (known.isPresent()) {
            throw known.get();
        }
        Outage o = outage;
        if (o != null && clock.instant().isBefore(o.until())) {
            throw new VaultFailure(VaultFailure.Kind.TRANSIENT, o.reason() + " (not asked again before " + o.until()
                    + ")");
        }
        Duration wait = config.retryBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                VaultHttp.Reply reply = readWithToken(path);
                Map<String, String> data = KvAnswer.data(reply.body(), path, config.kvVersion());
                cache.put(path, data, Duration.ofSeconds(reply.body().path("lease_duration").asLong(0)));
                outage = null;
                return data;
            } catch (VaultFailure f) {
                if (!f.retryable()) {
                    cache.putFailure(path, f);
                    throw f;
                }
                if (attempt >= config.attempts()) {
                    String reason = f.getMessage() + (attempt > 1 ? " (after " + attempt + " tries)" : "");
                    // As long again as the tries took: the scheduler's launch loop is not held up by every task.
                    outage = new Outage(reason, clock.instant().plus(wait.multipliedBy(2)));
                    throw new VaultFailure(f.kind(), reason);
                }
                log.info("Reading {} from Vault failed (try {} of {}): {}; trying again in {}", path, attempt,
                        config.attempts(), f.getMessage(), wait);
                try {
                    pause.pause(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw f;
                }
                wait = wait.multipliedBy(2);
            }
        }
    }

    /** One read; a token Vault refuses is replaced once by a fresh AppRole login (it may have been revoked). */
    private VaultHttp.Reply readWithToken(String path) throws VaultFailure {
        String token = tokens.current();
        try {
            return http.get(path, Optional.of(token));
        } catch (VaultFailure f) {
            if (f.kind() != VaultFailure.Kind.DENIED || !tokens.renewable()) {
                throw f;
            }
            log.info("Vault refused the AppRole token reading {}; logging in again", path);
            tokens.refused(token);
            return http.get(path, Optional.of(tokens.current()));
        }
    }

    private static String authName(VaultAuth auth) {
        return switch (auth) {
            case VaultAuth.Token t -> "token";
            case VaultAuth.AppRole r -> "AppRole at auth/" + r.mount();
        };
    }
}
