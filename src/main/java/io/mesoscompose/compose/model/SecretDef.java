package io.mesoscompose.compose.model;

import java.util.Optional;

/**
 * A top-level secret. Exactly one source is set: a file, an environment variable, or a Vault reference
 * (only the Vault form can be honoured on a cluster; the validator says so for the others).
 */
public record SecretDef(
        String key,
        Optional<String> file,
        Optional<String> environment,
        Optional<VaultRef> vault,
        boolean external,
        Optional<String> name) {}
