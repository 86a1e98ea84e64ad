package io.mesoscompose.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import io.mesoscompose.compose.model.VaultRef;
import io.mesoscompose.config.Secret;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Captures logback's output while secrets are resolved, fail and are retried, and checks that no value, token or
 * secret ID shows up — with a raw {@code %m} pattern (the code itself prints none) and through the configured
 * {@code %msg}/{@code %ex} (which mask what careless code elsewhere would print).
 */
class SecretsNeverLoggedTest {

    private static final String VALUE_V2 = "value-of-v2-secret";
    private static final String VALUE_V1 = "value-of-v1-secret";
    private static final String TOKEN = "hvs.root-token-secret";
    private static final String SECRET_ID = "approle-secret-id-xyz";
    private static final List<String> NEVER = List.of(VALUE_V2, VALUE_V1, TOKEN, SECRET_ID);

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger secretsLogger = context.getLogger("io.mesoscompose.secrets");
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final ByteArrayOutputStream masked = new ByteArrayOutputStream();
    private final List<OutputStreamAppender<ILoggingEvent>> appenders = List.of(
            appender(raw, "%level %logger %m%n%throwable"), appender(masked, "%level %logger %msg%n%ex"));
    private Level previousLevel;
    /** The test run's console appender, detached while capturing so the expected failures do not clutter it. */
    private Appender<ILoggingEvent> console;
    private FakeVaultServer vault;

    private OutputStreamAppender<ILoggingEvent> appender(ByteArrayOutputStream out, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> a = new OutputStreamAppender<>();
        a.setContext(context);
        a.setEncoder(encoder);
        a.setOutputStream(out);
        a.start();
        return a;
    }

    @BeforeEach
    void capture() throws Exception {
        previousLevel = secretsLogger.getLevel();
        secretsLogger.setLevel(Level.DEBUG);
        console = root.getAppender("STDERR");
        if (console != null) {
            root.detachAppender(console);
        }
        appenders.forEach(root::addAppender);
        vault = FakeVaultServer.start().mount("", "kv", 1).token(TOKEN).appRole("role-1", SECRET_ID, 30);
        vault.put("secret", "app", Map.of("pw", VALUE_V2));
        vault.put("kv", "legacy", Map.of("pw", VALUE_V1));
    }

    @AfterEach
    void release() {
        appenders.forEach(a -> {
            root.detachAppender(a);
            a.stop();
        });
        if (console != null) {
            root.addAppender(console);
        }
        secretsLogger.setLevel(previousLevel);
        vault.close();
    }

    @Test
    void noSecretValueTokenOrSecretIdIsEverLogged() throws Exception {
        TestClock clock = new TestClock();
        VaultConfig tokenConfig = VaultConfig.withToken(vault.url(), TOKEN).withCacheTtl(Duration.ZERO)
                .withRetries(2, Duration.ofMillis(1));
        VaultSecretResolver byToken = new VaultSecretResolver(tokenConfig, clock, d -> vault.unseal(),
                new Redaction());
        Map<String, VaultRef> refs = Map.of(
                "A", new VaultRef("secret/data/app", "pw"),
                "B", new VaultRef("kv/legacy", "pw"));

        assertThat(byToken.resolve("shop", "web", refs)).containsValues(VALUE_V1, VALUE_V2);
        vault.seal();
        assertThat(byToken.resolve("shop", "web", refs)).containsValues(VALUE_V1, VALUE_V2);
        expectFailure(byToken, new VaultRef("secret/data/app", "nokey"));
        expectFailure(byToken, new VaultRef("secret/data/none", "pw"));

        VaultConfig roleConfig = tokenConfig.withAuth(new VaultAuth.AppRole("approle", "role-1",
                Optional.of(new Secret(SECRET_ID))));
        VaultSecretResolver byRole = new VaultSecretResolver(roleConfig, clock, d -> {}, new Redaction());
        byRole.resolve("shop", "web", refs);
        clock.advance(Duration.ofMinutes(1));
        byRole.resolve("shop", "web", refs);
        LoggerFactory.getLogger(SecretsNeverLoggedTest.class).info("config {} and {}", tokenConfig, roleConfig);

        String rawLog = raw.toString(StandardCharsets.UTF_8);
        assertThat(rawLog).as("the capture works").contains("secret/data/app", "AppRole", "try 1 of 2");
        assertThat(vault.logins()).isEqualTo(2);
        for (String s : NEVER) {
            assertThat(rawLog).doesNotContain(s);
            assertThat(masked.toString(StandardCharsets.UTF_8)).doesNotContain(s);
        }
    }

    private static void expectFailure(VaultSecretResolver r, VaultRef ref) {
        try {
            r.resolve("shop", "web", Map.of("X", ref));
            throw new AssertionError("expected " + ref + " to fail");
        } catch (SecretUnavailableException e) {
            LoggerFactory.getLogger(SecretsNeverLoggedTest.class).warn("as the scheduler logs it: {}", e.getMessage(),
                    e);
        }
    }

    @Test
    void theConfiguredPatternMasksValuesCarelessCodeWouldPrint() {
        Redaction.global().remember("careless-value-123");
        org.slf4j.Logger elsewhere = LoggerFactory.getLogger("somewhere.else");

        elsewhere.warn("oops, printed careless-value-123",
                new IllegalStateException("bad input careless-value-123"));

        String out = masked.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("oops, printed ****", "IllegalStateException: bad input ****")
                .doesNotContain("careless-value-123");
        assertThat(raw.toString(StandardCharsets.UTF_8)).contains("careless-value-123");
    }
}
