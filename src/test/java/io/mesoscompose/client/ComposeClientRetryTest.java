package io.mesoscompose.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A framework that cannot carry out a request now (503 with Retry-After: nothing was done) is asked again. */
class ComposeClientRetryTest {

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    /** Answers the first {@code unavailable} requests 503 (with {@code retryAfter}, if given), then 202. */
    ComposeClient client(int unavailable, Optional<String> retryAfter) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body;
            if (requests.incrementAndGet() <= unavailable) {
                retryAfter.ifPresent(v -> ex.getResponseHeaders().add("Retry-After", v));
                body = "{\"error\":\"scale shop/web: nothing was changed; try again\"}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(503, body.length);
            } else {
                body = "{\"message\":\"scaled\"}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(202, body.length);
            }
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return new ComposeClient(new ClientSettings(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRequestAnswered503WithRetryAfterIsSentAgainUntilItIsDone() throws Exception {
        client(3, Optional.of("0")).scale("shop", "web", 2);
        assertThat(requests).hasValue(4);
    }

    @Test
    void itGivesUpAfterAFewTriesWithTheServersReason() throws Exception {
        ComposeClient client = client(100, Optional.of("0"));
        assertThatThrownBy(() -> client.scale("shop", "web", 2)).isInstanceOf(ApiException.class)
                .hasMessage("scale shop/web: nothing was changed; try again");
        assertThat(requests).hasValue(ComposeClient.UNAVAILABLE_RETRIES + 1);
    }

    @Test
    void a503WithoutRetryAfterIsNotSentAgain() throws Exception {
        ComposeClient client = client(1, Optional.empty());
        assertThatThrownBy(() -> client.scale("shop", "web", 2)).isInstanceOf(ApiException.class);
        assertThat(requests).hasValue(1);
    }
}
