package io.mesoscompose.compose.model;

/**
 * Where a secret lives in Vault: the secret's path (KV v2 paths carry {@code data/}, as in
 * {@code secret/data/m3s/test}) and the key inside it. Printing it shows the reference, never a value.
 */
public record VaultRef(String path, String key) {
    @Override
    public String toString() {
        return "vault://" + path + ":" + key;
    }
}
