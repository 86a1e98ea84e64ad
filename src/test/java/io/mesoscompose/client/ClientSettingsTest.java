package io.mesoscompose.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {
    @TempDir
    Path home;

    private Path defaultConfig(String text) throws Exception {
        Path file = home.resolve(".config/mesos-compose/config.properties");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void defaultsWithNothingConfigured() {
        ClientSettings s = ClientSettings.resolve(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), home);
        assertThat(s.url()).hasToString("http://127.0.0.1:10000");
        assertThat(s.user()).isEmpty();
        assertThat(s.password()).isEmpty();
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheConfigFile() throws Exception {
        defaultConfig("url=http://file:1\nuser=fileuser\npassword=filepw\n");
        Map<String, String> env = Map.of("MESOS_COMPOSE_URL", "env:2", "MESOS_COMPOSE_PASSWORD", "envpw");
        ClientSettings fromFile = ClientSettings.resolve(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), home);
        assertThat(fromFile.url()).hasToString("http://file:1");
        assertThat(fromFile.user()).hasValue("fileuser");
        assertThat(fromFile.password()).hasValue("filepw");
        ClientSettings fromEnv = ClientSettings.resolve(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), env, home);
        assertThat(fromEnv.url()).as("scheme added").hasToString("http://env:2");
        assertThat(fromEnv.password()).hasValue("envpw");
        ClientSettings fromFlags = ClientSettings.resolve(Optional.of("https://flag:3/"), Optional.of("flaguser"),
                Optional.empty(), Optional.empty(), env, home);
        assertThat(fromFlags.url()).hasToString("https://flag:3");
        assertThat(fromFlags.user()).hasValue("flaguser");
    }

    @Test
    void xdgConfigHomeIsHonoured() throws Exception {
        Path xdg = home.resolve("xdg");
        Files.createDirectories(xdg.resolve("mesos-compose"));
        Files.writeString(xdg.resolve("mesos-compose/config.properties"), "user=x\n");
        ClientSettings s = ClientSettings.resolve(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of("XDG_CONFIG_HOME", xdg.toString()), home);
        assertThat(s.user()).hasValue("x");
    }

    @Test
    void aNamedConfigFileMustExist() {
        assertThatThrownBy(() -> ClientSettings.resolve(Optional.empty(), Optional.empty(),
                Optional.of(home.resolve("missing.properties")), Optional.empty(), Map.of(), home))
                .hasMessageContaining("missing.properties");
    }

    @Test
    void printingHidesThePassword() {
        ClientSettings s = ClientSettings.resolve(Optional.empty(), Optional.of("u"), Optional.empty(),
                Optional.empty(), Map.of("MESOS_COMPOSE_PASSWORD", "hunter2"), home);
        assertThat(s.toString()).doesNotContain("hunter2").contains("****");
    }

    private static void credentials(Path stateDir, String password) throws Exception {
        Files.createDirectories(stateDir);
        Files.writeString(stateDir.resolve(ClientSettings.CREDENTIALS_FILE), "user=admin\npassword=" + password + "\n");
    }

    @Test
    void onThisMachineWithNothingConfiguredTheCredentialsOfAFrameworkStartedHereAreUsed(@TempDir Path work)
            throws Exception {
        credentials(work.resolve("mesos-compose-sim"), "sim-pw");
        ClientSettings s = ClientSettings.resolve(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of(), home, Optional.of(work));
        assertThat(s.user()).hasValue("admin");
        assertThat(s.password()).hasValue("sim-pw");

        credentials(work.resolve("mesos-compose-data"), "data-pw");
        Files.setLastModifiedTime(work.resolve("mesos-compose-sim").resolve(ClientSettings.CREDENTIALS_FILE),
                java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(ClientSettings.resolve(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of(), home, Optional.of(work)).password()).as("the directory written to last").hasValue("data-pw");
    }

    @Test
    void localCredentialsAreNeverSentElsewhereNorOverConfiguredOnes(@TempDir Path work) throws Exception {
        credentials(work.resolve("mesos-compose-data"), "local-pw");
        ClientSettings remote = ClientSettings.resolve(Optional.of("https://mc.example.org:10000"), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(), home, Optional.of(work));
        assertThat(remote.user()).isEmpty();
        assertThat(remote.password()).isEmpty();
        ClientSettings configured = ClientSettings.resolve(Optional.empty(), Optional.of("me"), Optional.empty(),
                Optional.empty(), Map.of("MESOS_COMPOSE_PASSWORD", "mine"), home, Optional.of(work));
        assertThat(configured.user()).hasValue("me");
        assertThat(configured.password()).hasValue("mine");
    }
}
