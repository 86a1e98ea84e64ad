package io.mesoscompose.api;

import io.mesoscompose.config.FrameworkConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the credentials of the HTTP API at start. In order:
 *
 * <ol>
 *   <li>{@code AUTH_USERNAME} + {@code AUTH_PASSWORD} (or the flags over them): used as given; one without the
 *       other is a configuration error;</li>
 *   <li>{@code --insecure-no-auth} / {@code AUTH_INSECURE_NO_AUTH=true}: no authentication, on purpose, with a
 *       warning;</li>
 *   <li>a state directory: credentials kept in {@value #FILE_NAME} there (owner-only permissions), generated on
 *       first start. The log names the file, never the password. The file is also a client config file
 *       ({@code mesos-compose --config FILE ps}): it has {@code user} and {@code password} keys;</li>
 *   <li>otherwise the framework refuses to start: an API that can launch containers is not left open by accident.</li>
 * </ol>
 */
public final class ApiCredentials {
    private static final Logger log = LoggerFactory.getLogger(ApiCredentials.class);
    public static final String FILE_NAME = "api-credentials.properties";
    static final String GENERATED_USER = "admin";

    /** Raised when the API would be open without the operator asking for it. */
    public static final class MissingCredentialsException extends RuntimeException {
        MissingCredentialsException(String message) {
            super(message);
        }
    }

    private ApiCredentials() {}

    /**
     * @param stateDir the embedded store's directory, where generated credentials are kept; empty with Redis state
     * @return the authentication to enforce, or empty when the operator chose to run open
     */
    public static Optional<BasicAuth> resolve(FrameworkConfig.Http http, Optional<Path> stateDir) {
        if (http.username().isPresent() != http.password().isPresent()) {
            throw new MissingCredentialsException(http.username().isPresent()
                    ? "AUTH_USERNAME is set but AUTH_PASSWORD is not: set both, or neither"
                    : "AUTH_PASSWORD is set but AUTH_USERNAME is not: set both, or neither");
        }
        if (http.username().isPresent()) {
            if (http.insecureNoAuth()) {
                log.warn("credentials are configured: --insecure-no-auth is ignored");
            }
            return Optional.of(new BasicAuth(http.username().get(), http.password().get().reveal()));
        }
        if (http.insecureNoAuth()) {
            log.warn("the HTTP API runs WITHOUT authentication (--insecure-no-auth): whoever reaches port {} can"
                    + " launch and kill tasks", http.port());
            return Optional.empty();
        }
        if (stateDir.isEmpty()) {
            throw new MissingCredentialsException("the HTTP API needs credentials: set AUTH_USERNAME and AUTH_PASSWORD"
                    + " (or --api-user and --api-password-file), or pass --insecure-no-auth to run it open on purpose");
        }
        return Optional.of(fromFile(stateDir.get().resolve(FILE_NAME)));
    }

    /** Reads the credentials kept in {@code file}, generating them first when the file does not exist. */
    static BasicAuth fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                generate(file);
            }
            Properties kept = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                kept.load(in);
            }
            String user = kept.getProperty("user", "");
            String password = kept.getProperty("password", "");
            if (user.isEmpty() || password.isEmpty()) {
                throw new MissingCredentialsException(file + " must have the keys user and password");
            }
            log.info("HTTP API credentials: user {} with the password kept in {}", user, file);
            return new BasicAuth(user, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the API credentials file " + file, e);
        }
    }

    private static void generate(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Properties fresh = new Properties();
        fresh.setProperty("user", GENERATED_USER);
        fresh.setProperty("password", Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(temp);
        }
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            fresh.store(out, "mesos-compose HTTP API credentials, generated on first start; "
                    + "also usable as a client config (mesos-compose --config " + file.getFileName() + ")");
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException anotherStartWon) {
            Files.deleteIfExists(temp);
        }
        log.info("generated HTTP API credentials into {} (user {})", file, GENERATED_USER);
    }
}
