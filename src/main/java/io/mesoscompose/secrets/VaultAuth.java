package io.mesoscompose.secrets;

import io.mesoscompose.config.Secret;
import java.util.Optional;

/** How the framework proves itself to Vault. Credentials are {@link Secret}s: printing shows {@code ****}. */
public sealed interface VaultAuth {

    /** A fixed token sent as {@code X-Vault-Token} (the Go mesos-compose's {@code VAULT_TOKEN}). */
    record Token(Secret token) implements VaultAuth {}

    /**
     * AppRole: {@code POST /v1/auth/<mount>/login} with role_id and secret_id gives a token with a lease; when the
     * lease runs out (or Vault refuses the token) the framework logs in again.
     *
     * @param secretId empty for roles created with {@code bind_secret_id=false}
     */
    record AppRole(String mount, String roleId, Optional<Secret> secretId) implements VaultAuth {}
}
