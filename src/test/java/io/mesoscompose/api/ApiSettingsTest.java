package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.state.StateStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {
    @Test
    void generatedCredentialsGoToTheEmbeddedStoresDirectoryOnly() {
        assertThat(StateStores.embeddedDirectory("/var/lib/mc")).hasValue(Path.of("/var/lib/mc"));
        assertThat(StateStores.embeddedDirectory("embedded:/var/lib/mc")).hasValue(Path.of("/var/lib/mc"));
        assertThat(StateStores.embeddedDirectory("redis://:pw@127.0.0.1:6379/1")).isEmpty();
        assertThat(StateStores.embeddedDirectory("rediss://redis:6380/0")).isEmpty();
    }
}
