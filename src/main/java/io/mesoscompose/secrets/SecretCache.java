package io.mesoscompose.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets read recently, by path, each until its time is up: relaunching ten replicas asks Vault once. In memory
 * only; nothing here is ever written anywhere. Failures are not cached, so a fixed Vault is seen at once.
 */
final class SecretCache {

    private record Entry(Map<String, String> data, Instant expires) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
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
    }
}
