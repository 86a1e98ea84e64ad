package io.mesoscompose.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed certificate made with openssl (bin/test installs it with redis-server), and a client trusting it. */
record TestCertificates(Path certificate, Path key) {

    /** A certificate valid for {@code subjectAltName}, such as {@code IP:127.0.0.1} or {@code DNS:elsewhere.test}. */
    static TestCertificates create(Path dir, String subjectAltName) throws IOException, InterruptedException {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=redis-test",
                "-addext", "subjectAltName=" + subjectAltName)
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (openssl.waitFor() != 0) {
            throw new IllegalStateException("openssl could not make a test certificate:\n" + output);
        }
        return new TestCertificates(cert, key);
    }

    /** redis-server arguments: TLS only, on the test port. */
    List<String> redisArgs() {
        return List.of("--port", "0", "--tls-port", RedisServer.PORT, "--tls-cert-file", certificate.toString(),
                "--tls-key-file", key.toString(), "--tls-ca-cert-file", certificate.toString(),
                "--tls-auth-clients", "no");
    }

    /** Sockets that trust this certificate only. */
    SSLSocketFactory trustingClient() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("redis-test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
