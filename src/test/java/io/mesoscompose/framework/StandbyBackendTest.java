package io.mesoscompose.framework;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoscompose.api.UnavailableException;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.logs.AgentHttp;
import io.mesoscompose.logs.TaskSandboxes;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.state.EmbeddedStateStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A standby while no instance leads: operations are not done, and the client is told to send them again. */
class StandbyBackendTest {

    private final EmbeddedStateStore store = EmbeddedStateStore.inMemory();
    private final HotStandby state = new HotStandby(store, PlanSettings.defaults(), Duration.ofSeconds(1));
    private final StandbyBackend standby = new StandbyBackend(state, store, Optional::empty, "http://self:10000",
            new LeaderForwarding(FrameworkConfig.fromEnvironment(Map.of()).http()), PlanSettings.defaults(),
            new TaskSandboxes(new AgentHttp(Optional.empty(), Optional.empty(), Optional.empty(), false,
                    Duration.ofSeconds(1)), Optional::empty));

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void withoutALeaderOperationsAreUnavailableForNowNotRefused() {
        ComposeInput input = new ComposeInput(List.of(new SourceFile("compose.yml", "services: {}\n")), Map.of());
        assertThatThrownBy(() -> standby.launch("shop", input, Map.of())).isInstanceOf(UnavailableException.class)
                .hasMessageContaining("no leader is elected at the moment")
                .hasMessageContaining("nothing was done, try again in a few seconds");
        assertThatThrownBy(() -> standby.scale("shop", "web", 2)).isInstanceOf(UnavailableException.class);
        assertThatThrownBy(() -> standby.kill("shop")).isInstanceOf(UnavailableException.class);
    }
}
