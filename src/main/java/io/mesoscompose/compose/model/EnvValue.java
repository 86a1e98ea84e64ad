package io.mesoscompose.compose.model;

/**
 * An environment value: a literal, or a reference to a Vault secret that is resolved only at launch time
 * ({@code vault://<path>:<key>}, as in the Go mesos-compose). A reference is not itself a secret.
 */
public sealed interface EnvValue {
    record Literal(String value) implements EnvValue {}

    record Vault(VaultRef ref) implements EnvValue {}
}
