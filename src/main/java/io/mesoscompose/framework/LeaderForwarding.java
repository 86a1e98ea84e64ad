package io.mesoscompose.framework;

import io.mesoscompose.api.UnavailableException;
import io.mesoscompose.api.model.ApplyRequest;
import io.mesoscompose.api.model.ApplyResponse;
import io.mesoscompose.api.model.ApplyResult;
import io.mesoscompose.api.model.DiagnosticView;
import io.mesoscompose.api.model.Outcome;
import io.mesoscompose.client.ApiException;
import io.mesoscompose.client.ClientSettings;
import io.mesoscompose.client.ComposeClient;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.model.SourcePosition;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.config.Secret;
import io.mesoscompose.tls.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A standby's operations, carried out by the leader: each one is sent to the leader's v1 API through
 * {@link ComposeClient} (the instance's own credentials, which every instance shares) and the answer is read back
 * into the API's records, so the caller of the standby gets what the leader decided, as from the leader itself. A
 * proxy, not a redirect: the Mesos CLI plugin (urllib3) drops the Authorization header when redirected to another
 * host. Over HTTPS the leader's certificate is checked against the JDK's CAs and the certificates this instance
 * serves with ({@link TlsContexts#peers}). A leader answering 503 (nothing done, try again) makes the standby answer
 * 503 too.
 */
final class LeaderForwarding {

    /** The leader answers an apply within its own 30 s scheduler timeout. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(45);

    private final Optional<String> username;
    private final Optional<Secret> password;
    private final SSLContext tls;
    /** The client of the leader last forwarded to: a new one only when another instance leads. */
    private Optional<ComposeClient> client = Optional.empty();

    LeaderForwarding(FrameworkConfig.Http config) {
        this.username = config.username();
        this.password = config.password();
        this.tls = TlsContexts.peers(config.tls().map(LeaderForwarding::served).orElse(List.of()));
    }

    private static List<X509Certificate> served(FrameworkConfig.ServerTls tls) {
        return switch (tls) {
            case FrameworkConfig.ServerTls.KeyStoreFile file -> TlsContexts.certificates(file.path(), file.password());
            case FrameworkConfig.ServerTls.Pem pem -> TlsContexts.certificatesFromPem(pem.certificatesBase64());
        };
    }

    /** {@code variables} as loaded (profiles among them as {@code COMPOSE_PROFILES}): sent without profiles. */
    ApplyResult apply(String leader, String project, ComposeInput input, Map<String, String> variables) {
        try {
            ApplyResponse ok = client(leader).apply(project, new ApplyRequest(input.files(), input.attachments(),
                    variables, List.of()));
            return new ApplyResult.Accepted(ok.project(), ok.version(), diagnostics(ok.warnings()));
        } catch (ApiException e) {
            unavailable(leader, e);
            return new ApplyResult.Rejected(e.error().error(), diagnostics(e.error().diagnostics()));
        } catch (IOException e) {
            return new ApplyResult.Rejected(unreachable(leader, e), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApplyResult.Rejected("interrupted while the leader at " + leader + " was asked", List.of());
        }
    }

    Outcome kill(String leader, String project) {
        return outcome(leader, c -> c.down(project));
    }

    Outcome kill(String leader, String project, String service) {
        return outcome(leader, c -> c.kill(project, service));
    }

    Outcome restart(String leader, String project, String service) {
        return outcome(leader, c -> c.restart(project, service));
    }

    Outcome scale(String leader, String project, String service, int replicas) {
        return outcome(leader, c -> c.scale(project, service, replicas));
    }

    Outcome killTask(String leader, String taskId) {
        return outcome(leader, c -> c.killTask(taskId));
    }

    Outcome restartTask(String leader, String taskId) {
        return outcome(leader, c -> c.restartTask(taskId));
    }

    Outcome reregister(String leader) {
        return outcome(leader, ComposeClient::reregister);
    }

    Outcome suppress(String leader) {
        return outcome(leader, ComposeClient::suppress);
    }

    Outcome forgetFrameworkId(String leader) {
        return outcome(leader, ComposeClient::forgetFrameworkId);
    }

    /** One of the leader's operations: what it answers in words. */
    private interface Operation {
        String on(ComposeClient leader) throws IOException, InterruptedException, ApiException;
    }

    private Outcome outcome(String leader, Operation operation) {
        try {
            String message = operation.on(client(leader));
            return Outcome.done(message.isEmpty() ? "done by the leader at " + leader : message);
        } catch (ApiException e) {
            unavailable(leader, e);
            return e.status() == 404 ? Outcome.notFound(e.error().error()) : Outcome.refused(e.error().error());
        } catch (IOException e) {
            return Outcome.refused(unreachable(leader, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.refused("interrupted while the leader at " + leader + " was asked");
        }
    }

    private synchronized ComposeClient client(String leader) {
        URI url = URI.create(leader.replaceAll("/+$", ""));
        if (client.isEmpty() || !client.get().url().equals(url)) {
            client = Optional.of(ComposeClient.ofInstance(new ClientSettings(url, username,
                    password.map(Secret::reveal), Optional.empty()), tls, REQUEST_TIMEOUT));
        }
        return client.get();
    }

    /** A leader that did nothing and says to try again (an election, its store reconnecting): so does the standby. */
    private static void unavailable(String leader, ApiException e) {
        if (e.status() == 503) {
            throw new UnavailableException("the leader at " + leader + " cannot do it now: " + e.error().error(), e);
        }
    }

    private static String unreachable(String leader, IOException e) {
        return "the leader at " + leader + " cannot be reached (" + (e.getMessage() != null ? e.getMessage()
                : e.getClass().getSimpleName()) + "); try again in a few seconds";
    }

    /** The API's flat diagnostics back into the compose findings they were made from. */
    private static List<Diagnostic> diagnostics(List<DiagnosticView> views) {
        return views.stream().map(v -> new Diagnostic(
                "error".equals(v.severity()) ? Diagnostic.Severity.ERROR : Diagnostic.Severity.WARNING,
                new SourcePosition(v.file(), v.line(), v.column()),
                Optional.ofNullable(v.service()),
                Optional.ofNullable(v.field()).orElse(""),
                v.message(),
                Optional.ofNullable(v.hint()))).toList();
    }
}
