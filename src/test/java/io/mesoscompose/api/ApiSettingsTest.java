package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.config.FrameworkConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {
    @Test
    void generatedCredentialsGoToTheEmbeddedStoresDirectoryOnly() {
        assertThat(ApiSettings.stateDir(new FrameworkConfig.State("/var/lib/mc"))).hasValue(Path.of("/var/lib/mc"));
        assertThat(ApiSettings.stateDir(new FrameworkConfig.State("redis://:pw@127.0.0.1:6379/1"))).isEmpty();
        assertThat(ApiSettings.stateDir(new FrameworkConfig.State("rediss://redis:6380/0"))).isEmpty();
    }
}
