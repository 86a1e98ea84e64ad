package io.mesoscompose.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoscompose.api.BasicAuth;
import io.mesoscompose.api.ComposeApi;
import io.mesoscompose.api.ComposeBackend;
import io.mesoscompose.api.FakeBackend;
import io.mesoscompose.api.HttpApiServer;
import io.mesoscompose.api.LoopbackApi;
import io.mesoscompose.api.UnavailableException;
import io.mesoscompose.api.model.ApplyResult;
import io.mesoscompose.api.model.Outcome;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.config.Secret;
import io.mesoscompose.logs.AgentHttp;
import io.mesoscompose.logs.TaskSandboxes;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.state.EmbeddedStateStore;
import io.mesoscompose.testsupport.PemKeyPair;
import io.mesoscompose.testsupport.PrivateCa;
import io.mesoscompose.tls.TlsContexts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standby has its leader carry out operations over HTTPS, when each instance serves a certificate of the cluster's
 * private CA (the chain it is configured with carries the CA's certificate), as the v1 client does with its CA file.
 */
class LeaderForwardingTest {

    @TempDir
    static Path dir;
    static PrivateCa clusterCa;
    static PrivateCa otherCa;

    private final EmbeddedStateStore store = EmbeddedStateStore.inMemory();
    private final FakeBackend leaderBackend = new FakeBackend();
    private ComposeApi leader;

    @BeforeAll
    static void makeCertificates() throws Exception {
        clusterCa = PrivateCa.create(dir, "cluster");
        otherCa = PrivateCa.create(dir, "other");
    }

    @AfterEach
    void close() throws Exception {
        if (leader != null) {
            leader.close();
        }
        store.close();
    }

    /** An instance's API over HTTPS with a certificate {@code ca} issued for it. */
    private static ComposeApi serve(PrivateCa ca, String name, ComposeBackend backend) throws Exception {
        PrivateCa.Issued issued = ca.issue(name);
        HttpApiServer.Settings settings = new HttpApiServer.Settings("127.0.0.1", 0,
                Optional.of(new BasicAuth(LoopbackApi.USER, LoopbackApi.PASSWORD)), 1 << 20,
                Optional.of(TlsContexts.serverFromPem(PemKeyPair.base64(issued.chain()),
                        new Secret(PemKeyPair.base64(issued.key())))));
        return ComposeApi.start(settings, backend, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), false);
    }

    /** A standby configured to serve HTTPS with a certificate {@code ca} issued for it, forwarding to {@code url}. */
    private StandbyBackend standby(PrivateCa ca, String name, Optional<String> leaderUrl) throws Exception {
        PrivateCa.Issued own = ca.issue(name);
        FrameworkConfig.Http http = new FrameworkConfig.Http("127.0.0.1", 0, "https://127.0.0.1:1", Optional.of(
                LoopbackApi.USER), Optional.of(new Secret(LoopbackApi.PASSWORD)), false, Optional.of(
                new FrameworkConfig.ServerTls.Pem(PemKeyPair.base64(own.chain()),
                        new Secret(PemKeyPair.base64(own.key())))));
        return new StandbyBackend(new HotStandby(store, PlanSettings.defaults(), Duration.ofSeconds(1)), store,
                () -> leaderUrl, "https://127.0.0.1:1", new LeaderForwarding(http), PlanSettings.defaults(),
                new TaskSandboxes(new AgentHttp(Optional.empty(), Optional.empty(), Optional.empty(), false,
                        Duration.ofSeconds(1)), Optional::empty));
    }

    private static ComposeInput compose(String text) {
        return new ComposeInput(List.of(new SourceFile("compose.yml", text)), Map.of());
    }

    @Test
    void aStandbyHasALeaderServingHttpsWithACertificateOfThePrivateCaCarryOutOperations() throws Exception {
        leader = serve(clusterCa, "leader", leaderBackend);
        StandbyBackend standby = standby(clusterCa, "standby", Optional.of(leader.baseUri().toString()));

        ApplyResult applied = standby.launch("shop", compose("services:\n  web:\n    image: nginx\n"),
                Map.of("TAG", "1"));
        assertThat(applied).isEqualTo(new ApplyResult.Accepted("shop", 1, List.of()));
        assertThat(standby.scale("shop", "web", 2)).isInstanceOf(Outcome.Done.class);
        assertThat(standby.kill("nothing-here")).isInstanceOf(Outcome.NotFound.class);
        assertThat(leaderBackend.calls).containsExactly("launch shop [compose.yml]", "scale shop web 2",
                "kill nothing-here");
        assertThat(leaderBackend.variables).containsExactly(Map.of("TAG", "1"));

        ApplyResult refused = standby.launch("shop", compose("x: 1\n"), Map.of());
        assertThat(refused).isInstanceOfSatisfying(ApplyResult.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo("invalid compose file");
            assertThat(r.diagnostics()).singleElement().satisfies(d -> assertThat(d.toString())
                    .isEqualTo("compose.yml:1:1: error: services: a compose file needs a services section"
                            + " (add services:)"));
        });
    }

    @Test
    void aLeaderWhoseCertificateNoTrustedAuthorityIssuedIsNotTalkedTo() throws Exception {
        leader = serve(otherCa, "leader", leaderBackend);
        StandbyBackend standby = standby(clusterCa, "standby", Optional.of(leader.baseUri().toString()));

        assertThat(standby.scale("shop", "web", 2)).isInstanceOfSatisfying(Outcome.Refused.class, r -> assertThat(
                r.message()).startsWith("the leader at " + leader.baseUri() + " cannot be reached ("));
        assertThat(leaderBackend.calls).isEmpty();
    }

    @Test
    void aLeaderThatCannotDoItNowMakesTheStandbyAnswerTheSame() throws Exception {
        // The "leader" is itself a standby without a leader: it answers 503, nothing was done, try again.
        leader = serve(clusterCa, "leader", standby(clusterCa, "leaderless", Optional.empty()));
        StandbyBackend standby = standby(clusterCa, "standby", Optional.of(leader.baseUri().toString()));

        assertThatThrownBy(() -> standby.scale("shop", "web", 2)).isInstanceOf(UnavailableException.class)
                .hasMessageContaining("cannot do it now").hasMessageContaining("no leader is elected at the moment");
        assertThatThrownBy(() -> standby.launch("shop", compose("services: {}\n"), Map.of()))
                .isInstanceOf(UnavailableException.class);
    }
}
