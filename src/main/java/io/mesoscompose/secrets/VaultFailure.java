package io.mesoscompose.secrets;

/**
 * Why one read from Vault failed, before it is tied to a project and service. The reason is built from the path,
 * the key, HTTP status and Vault's own error strings — never from a secret's data.
 */
final class VaultFailure extends Exception {

    enum Kind {
        /** 403: the token may not read the path (or is no longer valid). */
        DENIED,
        /** 404, a missing key, an answer of the wrong shape, bad TLS: trying again will not help. */
        PERMANENT,
        /** Sealed, standby, 5xx, unreachable, timed out: worth trying again. */
        TRANSIENT
    }

    private final Kind kind;

    VaultFailure(Kind kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    boolean retryable() {
        return kind == Kind.TRANSIENT;
    }
}
