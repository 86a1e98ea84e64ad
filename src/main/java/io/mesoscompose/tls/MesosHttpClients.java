package io.mesoscompose.tls;

import io.mesoscompose.config.Secret;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How the framework's HTTP clients of Mesos (its masters and agents) are set up, in one place: HTTP/1.1, redirects
 * left to the caller, TLS as {@link TlsContexts} makes it, and the Basic credentials Mesos' HTTP authenticator reads.
 */
public final class MesosHttpClients {

    private MesosHttpClients() {}

    /**
     * HTTP/1.1 (Mesos speaks it; an h2c upgrade attempt only costs a round trip), redirects not followed (a master
     * that does not lead answers 307 with a scheme-relative {@code Location}, which the caller resolves).
     */
    public static HttpClient create(SSLContext tls, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .sslContext(tls)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The {@code Authorization} header for a principal and its secret (none without a principal). */
    public static Optional<String> basic(Optional<String> principal, Optional<Secret> secret) {
        return principal.map(p -> basic(p, secret.map(Secret::reveal).orElse("")));
    }

    /** {@code Basic base64(user:password)}, the UTF-8 bytes encoded. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
