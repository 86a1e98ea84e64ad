package io.mesoscompose.state;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store under kill -9: MVStore's last complete chunk holds whole commits only. */
class EmbeddedStateStoreCrashTest extends KillNineCrashTest {

    @TempDir
    Path dir;

    @Override
    protected List<String> writerArgs() {
        return List.of("embedded:" + dir);
    }

    @Override
    protected StateStore open() {
        return EmbeddedStateStore.open(dir);
    }
}
