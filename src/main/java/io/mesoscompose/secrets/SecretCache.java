package io.mesoscompose.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets read recently, by path, each until its time is up: relaunching ten replicas asks Vault once. In memory
 * only; nothing here is ever written anywhere. A path that does not exist or may not be read is remembered briefly
 * too ({@link #FAILURE_TTL}), so a replica waiting for it does not ask Vault at every offer; failures that may pass
 * (sealed, unreachable) are not cached here.
 */
final class SecretCache {

    /** How long a 404 or 403 is believed: short, so a secret written or a policy fixed is seen soon. */
    static final Duration FAILURE_TTL = Duration.ofSeconds(10);

    private record Entry(Map<String, String> data, Instant expires) {}

    private record Failure(VaultFailure failure, Instant expires) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;

    SecretCache(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    Optional<Map<String, String>> get(String path) {
        Entry e = entries.get(path);
        if (e == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.expires())) {
            entries.remove(path, e);
            return Optional.empty();
        }
        return Optional.of(e.data());
    }

    /** Keeps {@code data} for the configured TTL, or for Vault's lease when that is shorter. */
    void put(String path, Map<String, String> data, Duration lease) {
        Duration keep = lease.isZero() || lease.isNegative() || lease.compareTo(ttl) > 0 ? ttl : lease;
        if (keep.isZero() || keep.isNegative()) {
            return;
        }
        entries.put(path, new Entry(Map.copyOf(data), clock.instant().plus(keep)));
        failures.remove(path);
    }

    /** The failure remembered for {@code path}, while it is still believed. */
    Optional<VaultFailure> failure(String path) {
        Failure f = failures.get(path);
        if (f == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(f.expires())) {
            failures.remove(path, f);
            return Optional.empty();
        }
        return Optional.of(f.failure());
    }

    /** Remembers a failure that waiting will not mend, for {@link #FAILURE_TTL} (never longer than the TTL). */
    void putFailure(String path, VaultFailure failure) {
        Duration keep = ttl.compareTo(FAILURE_TTL) < 0 ? ttl : FAILURE_TTL;
        if (!failure.retryable() && keep.isPositive()) {
            failures.put(path, new Failure(failure, clock.instant().plus(keep)));
        }
    }
}
