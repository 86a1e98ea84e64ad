package io.mesoscompose.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP basic authentication against one configured user. Comparison is constant-time: both sides are hashed first,
 * so neither the content nor the length of the secret leaks through timing.
 */
public final class BasicAuth {
    private final String username;
    private final byte[] expectedDigest;

    public BasicAuth(String username, String password) {
        if (username.isEmpty() || password.isEmpty()) {
            throw new IllegalArgumentException("basic auth needs a non-empty username and password");
        }
        this.username = username;
        this.expectedDigest = digest(username + ":" + password);
    }

    /** The user named in a valid {@code Authorization: Basic ...} header, or empty. */
    public Optional<String> authenticate(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorizationHeader.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(digest(credentials), expectedDigest) ? Optional.of(username) : Optional.empty();
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required of every JVM", impossible);
        }
    }
}
