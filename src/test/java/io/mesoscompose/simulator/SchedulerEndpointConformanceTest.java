package io.mesoscompose.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler endpoint answers as {@code Master::Http::scheduler} (src/master/http.cpp) and
 * {@code scheduler::call::validate} (src/master/validation.cpp) do: status code and body, word for word.
 */
class SchedulerEndpointConformanceTest {

    WireHarness h;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        h = WireHarness.start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    HttpResponse<String> post(Optional<String> contentType, Optional<String> accept, Optional<String> streamId,
            byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.master.url() + "/api/v1/scheduler"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        contentType.ifPresent(v -> b.header("Content-Type", v));
        accept.ifPresent(v -> b.header("Accept", v));
        streamId.ifPresent(v -> b.header("Mesos-Stream-Id", v));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> protobuf(Call call, Optional<String> streamId) throws Exception {
        return post(Optional.of("application/x-protobuf"), Optional.of("application/x-protobuf"), streamId,
                call.toByteArray());
    }

    static Call subscribe() {
        return Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
                .setFrameworkInfo(TestScheduler.framework("other"))).build();
    }

    Call revive() {
        return Call.newBuilder().setType(Call.Type.REVIVE)
                .setFrameworkId(FrameworkID.newBuilder().setValue(h.scheduler.frameworkId)).build();
    }

    // Mesos: src/master/http.cpp, Master::Http::scheduler ("Expecting 'Content-Type' to be present")
    @Test
    void aCallWithoutContentTypeIs400() throws Exception {
        var answer = post(Optional.empty(), Optional.empty(), Optional.empty(), subscribe().toByteArray());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Expecting 'Content-Type' to be present");
    }

    // Mesos: src/master/http.cpp, Master::Http::scheduler (UnsupportedMediaType)
    @Test
    void aCallOfAnotherContentTypeIs415() throws Exception {
        var answer = post(Optional.of("text/plain"), Optional.empty(), Optional.empty(), subscribe().toByteArray());
        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(answer.body()).isEqualTo("Expecting 'Content-Type' of application/json or application/x-protobuf");
        // the comparison is exact: parameters make it another type
        assertThat(post(Optional.of("application/json; charset=utf-8"), Optional.empty(), Optional.empty(),
                "{}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(415);
    }

    // Mesos: src/master/http.cpp, Master::Http::scheduler ("Failed to parse body into Call protobuf")
    @Test
    void anUnparsableProtobufIs400() throws Exception {
        var answer = post(Optional.of("application/x-protobuf"), Optional.empty(), Optional.empty(),
                new byte[] {(byte) 0xff, 0x01});
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Failed to parse body into Call protobuf");
    }

    // Mesos: src/master/http.cpp, Master::Http::scheduler (MethodNotAllowed)
    @Test
    void aGetIs405() throws Exception {
        var answer = http.send(HttpRequest.newBuilder(URI.create(h.master.url() + "/api/v1/scheduler")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(405);
        assertThat(answer.body()).isEqualTo("405 Method Not Allowed. Expecting one of { 'POST' }, but received 'GET'.");
    }

    // Mesos: src/master/http.cpp, Master::Http::scheduler ("Subscribe calls should not include ...")
    @Test
    void aSubscribeWithAStreamIdIs400() throws Exception {
        var answer = protobuf(subscribe(), Optional.of("some-stream"));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Subscribe calls should not include the 'Mesos-Stream-Id' header");
    }

    // Mesos: src/master/http.cpp, Master::Http::scheduler (NotAcceptable); libprocess Request::acceptsMediaType
    @Test
    void aSubscribeAcceptingNeitherJsonNorProtobufIs406() throws Exception {
        var answer = post(Optional.of("application/x-protobuf"), Optional.of("text/html"), Optional.empty(),
                subscribe().toByteArray());
        assertThat(answer.statusCode()).isEqualTo(406);
        assertThat(answer.body()).isEqualTo(
                "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
        assertThat(post(Optional.of("application/x-protobuf"), Optional.of("application/json;q=0, text/html"),
                Optional.empty(), subscribe().toByteArray()).statusCode()).isEqualTo(406);
    }

    // Mesos: src/master/validation.cpp, scheduler::call::validate ("'framework_id' differs from ...")
    @Test
    void aSubscribeWhoseFrameworkIdDiffersFromItsFrameworkInfoIs400() throws Exception {
        Call call = subscribe().toBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("a")).build();
        var answer = protobuf(call, Optional.empty());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo(
                "Failed to validate scheduler::Call: 'framework_id' differs from 'subscribe.framework_info.id'");
    }

    // Mesos: src/master/validation.cpp, scheduler::call::validate ("Expecting 'framework_id' to be present")
    @Test
    void aCallWithoutFrameworkIdIs400() throws Exception {
        var answer = protobuf(Call.newBuilder().setType(Call.Type.REVIVE).build(), Optional.of(h.scheduler.streamId));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Failed to validate scheduler::Call: Expecting 'framework_id' to be present");
    }

    // Mesos: src/master/validation.cpp, scheduler::call::validate ("Expecting 'accept' to be present")
    @Test
    void anAcceptWithoutItsMessageIs400() throws Exception {
        var answer = protobuf(revive().toBuilder().setType(Call.Type.ACCEPT).build(),
                Optional.of(h.scheduler.streamId));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Failed to validate scheduler::Call: Expecting 'accept' to be present");
    }

    // Mesos: src/master/http.cpp, Master::Http::scheduler ("Framework cannot be found")
    @Test
    void aCallOfAnUnknownFrameworkIs400() throws Exception {
        Call call = revive().toBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("nobody")).build();
        var answer = protobuf(call, Optional.of(h.scheduler.streamId));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Framework cannot be found");
    }

    // Mesos: src/master/http.cpp, Master::Http::scheduler ("Framework is not subscribed")
    @Test
    void aCallOfADisconnectedFrameworkIs403() throws Exception {
        h.close(); // a framework that fails over within 60 s: the master keeps it while it is disconnected
        h = WireHarness.start(WireHarness.config(), TestScheduler.framework("kept").toBuilder().setFailoverTimeout(60)
                .build());
        h.master.faults().dropStreams();
        h.scheduler.await(Event.Type.UNKNOWN);
        var answer = protobuf(revive(), Optional.of(h.scheduler.streamId));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("Framework is not subscribed");
    }

    // Mesos: src/master/http.cpp, Master::Http::scheduler ("All non-subscribe calls should include ...")
    @Test
    void aCallWithoutStreamIdIs400() throws Exception {
        var answer = protobuf(revive(), Optional.empty());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("All non-subscribe calls should include the 'Mesos-Stream-Id' header");
    }

    // Mesos: src/master/http.cpp, Master::Http::scheduler ("The stream ID ... didn't match ...")
    @Test
    void aCallWithAnotherStreamIdIs400() throws Exception {
        var answer = protobuf(revive(), Optional.of("not-the-stream"));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("The stream ID 'not-the-stream' included in this request didn't match "
                + "the stream ID currently associated with framework ID " + h.scheduler.frameworkId);
    }

    // Mesos: src/master/validation.cpp, scheduler::call::validate (ACKNOWLEDGE, id::UUID::fromBytes)
    @Test
    void anAcknowledgeWhoseUuidIsNot16BytesIs400() throws Exception {
        Call ack = revive().toBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(AgentID.newBuilder().setValue("agent-1")).setTaskId(TaskID.newBuilder().setValue("t"))
                .setUuid(ByteString.copyFromUtf8("short"))).build();
        var answer = protobuf(ack, Optional.of(h.scheduler.streamId));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Failed to validate scheduler::Call: Not a valid UUID");
    }

    // Mesos: src/master/http.cpp, Master::Http::redirect ("No leader elected")
    @Test
    void aMasterThatKnowsNoLeaderAnswers503() throws Exception {
        h.master.faults().noLeader();
        var answer = protobuf(revive(), Optional.of(h.scheduler.streamId));
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("No leader elected");
        h.master.faults().leaderElected();
        assertThat(protobuf(revive(), Optional.of(h.scheduler.streamId)).statusCode()).isEqualTo(202);
    }

    // Mesos: src/master/master.cpp, Master::validateFramework / framework::internal::validateRoles
    @Test
    void aSubscriptionWithAnInvalidRoleGetsAnErrorEvent() throws Exception {
        TestScheduler other = new TestScheduler(h.master.url()).subscribe(TestScheduler.framework("bad").toBuilder()
                .clearRoles().addRoles("/bad").build());
        try {
            assertThat(other.subscribeStatus).isEqualTo(200);
            assertThat(other.await(Event.Type.ERROR).getError().getMessage())
                    .isEqualTo("'FrameworkInfo.roles' contains invalid role: Role '/bad' cannot start with a slash");
        } finally {
            other.close();
        }
    }
}
