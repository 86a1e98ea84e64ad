package io.mesoscompose.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/**
 * The Mesos classes were generated with protobuf 3.5 and run here on a newer 3.x runtime. These checks fail if a
 * runtime upgrade ever breaks that pairing, in binary or JSON form (both are on the wire).
 */
class ProtobufRuntimeTest {

    private final TaskInfo task = TaskInfo.newBuilder()
            .setName("mc:test:app")
            .setTaskId(TaskID.newBuilder().setValue("test_app.1"))
            .setAgentId(AgentID.newBuilder().setValue("agent-1"))
            .addResources(Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
                    .setScalar(Value.Scalar.newBuilder().setValue(0.01)))
            .build();

    @Test
    void binaryRoundTrip() throws Exception {
        assertThat(TaskInfo.parseFrom(task.toByteArray())).isEqualTo(task);
        Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
        assertThat(Event.parseFrom(heartbeat.toByteArray()).getType()).isEqualTo(Event.Type.HEARTBEAT);
    }

    @Test
    void jsonRoundTrip() throws Exception {
        String json = JsonFormat.printer().print(task);
        assertThat(json).contains("\"taskId\"").contains("\"mc:test:app\"");
        TaskInfo.Builder parsed = TaskInfo.newBuilder();
        JsonFormat.parser().merge(json, parsed);
        assertThat(parsed.build()).isEqualTo(task);
    }
}
