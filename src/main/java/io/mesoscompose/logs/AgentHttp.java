package io.mesoscompose.logs;

import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.config.Secret;
import io.mesoscompose.tls.MesosHttpClients;
import io.mesoscompose.tls.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * GETs of the read-only endpoints of Mesos masters and agents, with the framework's credentials (agents that run
 * with {@code --authenticate_http_readonly} ask for them, as masters do) and its TLS settings (with libprocess SSL
 * on, masters and agents alike speak HTTPS). Answers are raw bytes: {@code /files/read} can carry any bytes.
 */
public final class AgentHttp implements AutoCloseable {

    /** An HTTP answer, whatever its status. */
    public record Answer(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8).strip();
        }
    }

    private final HttpClient http;
    private final Optional<String> authorization;
    private final Duration timeout;

    /**
     * @param caFile   certificates the peers' must chain to (the JDK's trust store when empty)
     * @param insecure no certificate check at all (the framework's {@code SKIP_SSL})
     */
    public AgentHttp(Optional<String> principal, Optional<Secret> secret, Optional<Path> caFile, boolean insecure,
                     Duration timeout) {
        this.http = MesosHttpClients.create(TlsContexts.client("a Mesos agent", caFile, insecure), timeout);
        this.authorization = MesosHttpClients.basic(principal, secret);
        this.timeout = timeout;
    }

    /** With the credentials and TLS settings the framework uses towards the master. */
    public static AgentHttp from(FrameworkConfig.Mesos mesos) {
        return new AgentHttp(mesos.principal(), mesos.secret(), mesos.caFile(), !mesos.verifyTls(),
                Duration.ofSeconds(10));
    }

    /** @throws IOException the peer could not be reached or did not answer within the timeout */
    public Answer get(URI uri) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "application/json")
                .timeout(timeout).GET();
        authorization.ifPresent(a -> request.header("Authorization", a));
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body());
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
