package io.mesoscompose.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1/localhost and its key as PEM files, made with openssl as an operator
 * makes them for the Go project's {@code SSL_CRT_BASE64} / {@code SSL_KEY_BASE64}; the key in PKCS#8 and PKCS#1.
 */
public record PemKeyPair(Path certificate, Path pkcs8Key, Path pkcs1Key) {

    public static PemKeyPair create(Path dir) throws IOException, InterruptedException {
        Path cert = dir.resolve("api.crt");
        Path key = dir.resolve("api.key");
        Path rsaKey = dir.resolve("api-rsa.key");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        openssl("rsa", "-in", key.toString(), "-traditional", "-out", rsaKey.toString());
        return new PemKeyPair(cert, key, rsaKey);
    }

    /** A file's content, base64-encoded as the Go project's settings expect it. */
    public static String base64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readString(file).getBytes(StandardCharsets.US_ASCII));
    }

    public static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
