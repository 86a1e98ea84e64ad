package io.mesoscompose.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token to send: the configured one, or one obtained by AppRole login and obtained again when its lease runs
 * out or Vault refuses it. Thread-safe; a login happens once for all callers.
 */
final class VaultTokens {

    private static final Logger log = LoggerFactory.getLogger(VaultTokens.class);

    private final VaultAuth auth;
    private final VaultHttp http;
    private final Clock clock;
    private String token;
    /** When an AppRole token must be replaced; {@link Instant#MAX} for tokens without a lease. */
    private Instant renewAt = Instant.MIN;

    VaultTokens(VaultAuth auth, VaultHttp http, Clock clock) {
        this.auth = auth;
        this.http = http;
        this.clock = clock;
    }

    synchronized String current() throws VaultFailure {
        return switch (auth) {
            case VaultAuth.Token t -> t.token().reveal();
            case VaultAuth.AppRole role -> {
                if (token == null || !clock.instant().isBefore(renewAt)) {
                    login(role);
                }
                yield token;
            }
        };
    }

    /** Whether a refused token can be replaced by a new one (AppRole can; a fixed token cannot). */
    boolean renewable() {
        return auth instanceof VaultAuth.AppRole;
    }

    /** Vault refused {@code refused}: forget it so the next {@link #current()} logs in again. */
    synchronized void refused(String refused) {
        if (refused.equals(token)) {
            token = null;
        }
    }

    private void login(VaultAuth.AppRole role) throws VaultFailure {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("role_id", role.roleId());
        role.secretId().ifPresent(s -> body.put("secret_id", s.reveal()));
        String path = "auth/" + role.mount() + "/login";
        JsonNode reply;
        try {
            reply = http.post(path, Optional.empty(), body).body();
        } catch (VaultFailure f) {
            throw new VaultFailure(f.kind(), "AppRole login failed: " + f.getMessage());
        }
        JsonNode authNode = reply.path("auth");
        String clientToken = authNode.path("client_token").asText("");
        if (clientToken.isEmpty()) {
            throw new VaultFailure(VaultFailure.Kind.PERMANENT, "AppRole login at " + path + " gave no client_token");
        }
        long lease = authNode.path("lease_duration").asLong(0);
        Instant now = clock.instant();
        // Log in again a little before the lease ends (a tenth of it, at most 30 s), so no read races the expiry.
        Duration margin = Duration.ofSeconds(Math.min(lease / 10, 30));
        renewAt = lease <= 0 ? Instant.MAX : now.plusSeconds(lease).minus(margin);
        token = clientToken;
        log.info("Logged in to Vault with AppRole (mount {}), token lease {}s", role.mount(), lease);
    }
}
