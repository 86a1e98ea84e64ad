package io.mesoscompose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.tls.TlsContexts;
import io.mesoscompose.api.BasicAuth;
import io.mesoscompose.api.ComposeApi;
import io.mesoscompose.api.FakeBackend;
import io.mesoscompose.api.HttpApiServer;
import io.mesoscompose.api.LoopbackApi;
import io.mesoscompose.config.Secret;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.mesoscompose.testsupport.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The API over HTTPS with a self-signed certificate (made by the JDK's keytool), and the client trusting it. */
class TlsClientTest {
    @TempDir
    Path dir;

    private int ps(Path config, StringWriter out, StringWriter err, String... extra) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new java.util.ArrayList<>(List.of("ps", "--config", config.toString(), "-p", "shop"));
        args.addAll(List.of(extra));
        return cli.execute(args.toArray(String[]::new));
    }

    @Test
    void clientTalksHttpsTrustingThePemItIsGiven() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "api");
        Path keyStore = certificate.keyStore();
        Path pem = certificate.pem();

        FakeBackend backend = new FakeBackend();
        HttpApiServer.Settings settings = new HttpApiServer.Settings("127.0.0.1", 0,
                Optional.of(new BasicAuth(LoopbackApi.USER, LoopbackApi.PASSWORD)), 1 << 20,
                Optional.of(TlsContexts.server(keyStore, new Secret("changeit"))));
        try (ComposeApi api = ComposeApi.start(settings, backend, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), false)) {
            assertThat(api.baseUri().getScheme()).isEqualTo("https");
            Path config = Files.writeString(dir.resolve("client.properties"), "url=" + api.baseUri()
                    + "\nuser=" + LoopbackApi.USER + "\npassword=" + LoopbackApi.PASSWORD + "\n");
            Map<String, String> env = ClientOptions.environment;
            try {
                ClientOptions.environment = Map.of();
                StringWriter err = new StringWriter();
                assertThat(ps(config, new StringWriter(), err)).as("an unknown certificate is refused").isEqualTo(1);
                StringWriter out = new StringWriter();
                err = new StringWriter();
                assertThat(ps(config, out, err, "--ca", pem.toString())).as(err.toString()).isZero();
                assertThat(out.toString()).startsWith("TASK ID");
            } finally {
                ClientOptions.environment = env;
            }
        }
    }
}
