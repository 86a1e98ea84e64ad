package io.mesoscompose.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.mesoscompose.config.Secret;
import io.mesoscompose.testsupport.PemKeyPair;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Go project's SSL_CRT_BASE64 / SSL_KEY_BASE64: PEM texts, base64-encoded, as Go's tls.X509KeyPair takes them. */
class TlsContextsPemTest {

    @TempDir
    static Path dir;
    static PemKeyPair pair;

    @BeforeAll
    static void makeCertificate() throws Exception {
        pair = PemKeyPair.create(dir);
    }

    /** Serves one HTTPS request with the context and answers whether a client trusting the certificate got 200. */
    static int serveOnce(SSLContext context) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(TlsContexts.client("the test server", Optional.of(pair.certificate()), false)).build();
            return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.getAddress().getPort()
                    + "/")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aPkcs8KeyServesHttps() throws Exception {
        SSLContext context = TlsContexts.serverFromPem(PemKeyPair.base64(pair.certificate()),
                new Secret(PemKeyPair.base64(pair.pkcs8Key())));
        assertThat(serveOnce(context)).isEqualTo(200);
    }

    @Test
    void aPkcs1RsaKeyServesHttpsToo() throws Exception {
        SSLContext context = TlsContexts.serverFromPem(PemKeyPair.base64(pair.certificate()),
                new Secret(PemKeyPair.base64(pair.pkcs1Key())));
        assertThat(serveOnce(context)).isEqualTo(200);
    }

    @Test
    void unusableInputIsNamedWithoutShowingTheKey() throws Exception {
        String cert = PemKeyPair.base64(pair.certificate());
        assertThatThrownBy(() -> TlsContexts.serverFromPem("not base64!", new Secret("eA==")))
                .hasMessageStartingWith("SSL_CRT_BASE64 is not base64 of PEM certificates");
        String sec1 = Base64.getEncoder().encodeToString(
                "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n"
                        .getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> TlsContexts.serverFromPem(cert, new Secret(sec1)))
                .hasMessage("SSL_KEY_BASE64: the key is a SEC1 EC key, which is not supported; convert it to PKCS#8"
                        + " with `openssl pkcs8 -topk8 -nocrypt -in key.pem`");
        assertThatThrownBy(() -> TlsContexts.serverFromPem(cert, new Secret(cert)))
                .hasMessage("SSL_KEY_BASE64: no PEM private key (PRIVATE KEY or RSA PRIVATE KEY block) found");
    }
}
