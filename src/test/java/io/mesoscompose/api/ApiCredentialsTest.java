package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ApiCredentialsTest {
    @TempDir
    Path stateDir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ApiCredentials.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
        logger.setLevel(null);
    }

    private static FrameworkConfig.Http http(String user, String password, boolean insecure) {
        return new FrameworkConfig.Http("0.0.0.0", 10000, "http://localhost:10000", Optional.ofNullable(user),
                Optional.ofNullable(password).map(Secret::new), insecure);
    }

    private static String basic(String credentials) {
        return LoopbackApi.basic(credentials);
    }

    @Test
    void configuredCredentialsAreUsed() {
        BasicAuth auth = ApiCredentials.resolve(http("ops", "pw", false), Optional.of(stateDir)).orElseThrow();
        assertThat(auth.authenticate(basic("ops:pw"))).hasValue("ops");
        assertThat(Files.exists(stateDir.resolve(ApiCredentials.FILE_NAME))).isFalse();
    }

    @Test
    void halfConfiguredCredentialsAreAnError() {
        assertThatThrownBy(() -> ApiCredentials.resolve(http("ops", null, true), Optional.of(stateDir)))
                .hasMessageContaining("AUTH_PASSWORD is not");
    }

    @Test
    void runsOpenOnlyWhenAskedTo() {
        assertThat(ApiCredentials.resolve(http(null, null, true), Optional.empty())).isEmpty();
        assertThatThrownBy(() -> ApiCredentials.resolve(http(null, null, false), Optional.empty()))
                .isInstanceOf(ApiCredentials.MissingCredentialsException.class)
                .hasMessageContaining("--insecure-no-auth");
    }

    @Test
    void generatesOwnerOnlyCredentialsOnceAndLogsThePathNotThePassword() throws Exception {
        BasicAuth first = ApiCredentials.resolve(http(null, null, false), Optional.of(stateDir)).orElseThrow();
        Path file = stateDir.resolve(ApiCredentials.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Properties kept = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            kept.load(in);
        }
        String password = kept.getProperty("password");
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(first.authenticate(basic("admin:" + password))).hasValue("admin");

        BasicAuth second = ApiCredentials.resolve(http(null, null, false), Optional.of(stateDir)).orElseThrow();
        assertThat(second.authenticate(basic("admin:" + password))).as("kept across restarts").hasValue("admin");

        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains(file.toString()));
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(password));
    }
}
