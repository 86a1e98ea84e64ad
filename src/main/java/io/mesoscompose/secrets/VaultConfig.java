package io.mesoscompose.secrets;

import io.mesoscompose.config.EnvReader;
import io.mesoscompose.config.Secret;
import io.mesoscompose.config.Setting;
import io.mesoscompose.config.Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach Vault. Printing it never shows the token or the AppRole secret ID ({@link Secret} prints
 * {@code ****}).
 *
 * @param url          Vault's address, e.g. {@code https://vault.example:8200} (requests go to {@code <url>/v1/...})
 * @param auth         a token, or AppRole credentials exchanged for a token
 * @param namespace    sent as {@code X-Vault-Namespace} (Vault Enterprise / HCP); empty for none
 * @param caFile       PEM file with the CA(s) that signed Vault's certificate; empty = the JDK's trust store
 * @param skipVerify   accept any certificate (tests and emergencies only; logged as a warning)
 * @param timeout      per HTTP request (connect and answer)
 * @param cacheTtl     how long a secret read once is reused; {@code 0} reads Vault at every launch
 * @param kvVersion    how to read a secret's answer: KV v1, v2, or decided by the answer's shape
 * @param attempts     tries for a retryable failure (sealed, 5xx, unreachable) before giving up
 * @param retryBackoff pause before the second try, doubled for each further one
 */
public record VaultConfig(
        URI url,
        VaultAuth auth,
        Optional<String> namespace,
        Optional<Path> caFile,
        boolean skipVerify,
        Duration timeout,
        Duration cacheTtl,
        KvVersion kvVersion,
        int attempts,
        Duration retryBackoff) {

    /** The Go mesos-compose's default address. */
    public static final URI DEFAULT_URL = URI.create("http://127.0.0.1:8200");

    public enum KvVersion {
        /** v2 when the answer has {@code data.data} and {@code data.metadata}, else v1. */
        AUTO,
        V1,
        V2
    }

    public VaultConfig {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        String u = url.toString();
        url = URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    /** Token auth with the defaults of {@link #fromEnv}: handy for tests and embedding. */
    public static VaultConfig withToken(URI url, String token) {
        return new VaultConfig(url, new VaultAuth.Token(new Secret(token)), Optional.empty(), Optional.empty(), false,
                Duration.ofSeconds(10), Duration.ofMinutes(5), KvVersion.AUTO, 3, Duration.ofMillis(500));
    }

    public VaultConfig withAuth(VaultAuth a) {
        return new VaultConfig(url, a, namespace, caFile, skipVerify, timeout, cacheTtl, kvVersion, attempts,
                retryBackoff);
    }

    public VaultConfig withNamespace(String ns) {
        return new VaultConfig(url, auth, Optional.of(ns), caFile, skipVerify, timeout, cacheTtl, kvVersion, attempts,
                retryBackoff);
    }

    public VaultConfig withTls(Optional<Path> ca, boolean skip) {
        return new VaultConfig(url, auth, namespace, ca, skip, timeout, cacheTtl, kvVersion, attempts, retryBackoff);
    }

    public VaultConfig withCacheTtl(Duration ttl) {
        return new VaultConfig(url, auth, namespace, caFile, skipVerify, timeout, ttl, kvVersion, attempts,
                retryBackoff);
    }

    public VaultConfig withKvVersion(KvVersion v) {
        return new VaultConfig(url, auth, namespace, caFile, skipVerify, timeout, cacheTtl, v, attempts, retryBackoff);
    }

    public VaultConfig withRetries(int tries, Duration backoff) {
        return new VaultConfig(url, auth, namespace, caFile, skipVerify, timeout, cacheTtl, kvVersion, tries, backoff);
    }

    /**
     * Reads the Go project's names ({@code VAULT_URL}, {@code VAULT_TOKEN}, {@code VAULT_TIMEOUT}), Vault's own
     * ({@code VAULT_ADDR} when VAULT_URL is not set, {@code VAULT_ROLE_ID}, {@code VAULT_SECRET_ID}, {@code VAULT_NAMESPACE}, {@code VAULT_CACERT},
     * {@code VAULT_SKIP_VERIFY}) and ours ({@code VAULT_CACHE_TTL}, {@code VAULT_KV_VERSION},
     * {@code VAULT_APPROLE_MOUNT}). Empty when neither a token nor AppRole credentials are set: no Vault.
     *
     * @throws IllegalArgumentException naming every malformed variable (never a value of a credential)
     */
    public static Optional<VaultConfig> fromEnv(Map<String, String> env) {
        EnvReader settings = new EnvReader(env);
        Optional<String> token = settings.optional(Settings.VAULT_TOKEN);
        Optional<String> roleId = settings.optional(Settings.VAULT_ROLE_ID);
        Optional<String> secretId = settings.optional(Settings.VAULT_SECRET_ID);
        if (token.isEmpty() && roleId.isEmpty() && secretId.isEmpty()) {
            return Optional.empty();
        }
        VaultAuth auth;
        if (roleId.isPresent()) {
            // A token set beside AppRole is ignored: AppRole is the one that can renew itself.
            auth = new VaultAuth.AppRole(settings.string(Settings.VAULT_APPROLE_MOUNT), roleId.get(),
                    secretId.map(Secret::new));
        } else if (token.isPresent()) {
            auth = new VaultAuth.Token(new Secret(token.get()));
        } else {
            settings.problem("VAULT_SECRET_ID is set without VAULT_ROLE_ID");
            auth = new VaultAuth.Token(new Secret(""));
        }
        URI url = DEFAULT_URL;
        // VAULT_URL is the Go project's name; VAULT_ADDR, Vault's own, is taken when it is the only one set.
        Setting urlSetting = settings.optional(Settings.VAULT_URL).isPresent() ? Settings.VAULT_URL
                : Settings.VAULT_ADDR;
        String urlName = urlSetting.name();
        Optional<String> rawUrl = settings.optional(urlSetting);
        if (rawUrl.isPresent()) {
            try {
                url = URI.create(rawUrl.get());
                if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                    settings.problem(urlName + "=" + rawUrl.get() + ": expected http(s)://host:port");
                }
            } catch (IllegalArgumentException e) {
                settings.problem(urlName + "=" + rawUrl.get() + ": not a URL");
            }
        }
        Optional<Path> ca = settings.optional(Settings.VAULT_CACERT).map(Path::of);
        ca.filter(p -> !Files.isReadable(p))
                .ifPresent(p -> settings.problem("VAULT_CACERT=" + p + ": no readable file there"));
        boolean skip = settings.bool(Settings.VAULT_SKIP_VERIFY);
        Duration timeout = settings.duration(Settings.VAULT_TIMEOUT);
        if (timeout.isZero()) {
            settings.problem("VAULT_TIMEOUT: must be more than 0");
        }
        Duration ttl = settings.duration(Settings.VAULT_CACHE_TTL);
        KvVersion kv = switch (settings.string(Settings.VAULT_KV_VERSION).toLowerCase(Locale.ROOT)) {
            case "auto" -> KvVersion.AUTO;
            case "1", "v1" -> KvVersion.V1;
            case "2", "v2" -> KvVersion.V2;
            default -> {
                settings.problem("VAULT_KV_VERSION: expected auto, 1 or 2");
                yield KvVersion.AUTO;
            }
        };
        if (!settings.problems().isEmpty()) {
            throw new IllegalArgumentException("Vault settings: " + String.join("; ", settings.problems()));
        }
        return Optional.of(new VaultConfig(url, auth, settings.optional(Settings.VAULT_NAMESPACE), ca, skip, timeout, ttl, kv, 3,
                Duration.ofMillis(500)));
    }
}
