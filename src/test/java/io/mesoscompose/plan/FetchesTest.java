package io.mesoscompose.plan;

import static io.mesoscompose.plan.InlinePlans.errors;
import static io.mesoscompose.plan.InlinePlans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

/** Fetch URIs in the TaskInfo, and the Mesos fetcher's rules for those that did not come through mesos.fetch. */
class FetchesTest {

    // Go docs/example/executor.yaml: mesos.executor.command runs the executor that mesos.executor.uri downloads.
    @Test
    void theCustomExecutorIsDownloadedExecutableIntoItsSandbox() {
        TaskInfo t = plan("services:\n  test1:\n    image: ubuntu:latest\n    command: \"sleep 1\"\n    mesos: {executor:"
                + " {command: /mnt/mesos/sandbox/mesos-firecracker-executor,"
                + " uri: \"http://devtest.lab.local:8881/mesos-firecracker-executor\"}}\n").services().get(0).template();
        assertThat(t.hasCommand()).isFalse();
        assertThat(t.getExecutor().getCommand().getUrisList()).containsExactly(CommandInfo.URI.newBuilder()
                .setValue("http://devtest.lab.local:8881/mesos-firecracker-executor").setExecutable(true)
                .setExtract(false).setCache(false).build());
        assertThat(t.getExecutor().getCommand().getValue())
                .startsWith("exec /mnt/mesos/sandbox/mesos-firecracker-executor");
    }

    // Apache Mesos src/slave/containerizer/fetcher.cpp Fetcher::basename: "Malformed URI (missing path)".
    @Test
    void aBadUriFromTheOlderExecutorUriLabelIsRefusedByThePlan() {
        ProjectPlan p = plan("""
                services:
                  s:
                    image: i
                    labels:
                      biz.aventer.mesos_compose.executor: /mnt/mesos/sandbox/exec
                      biz.aventer.mesos_compose.executor_uri: '["http://host"]'
                """);
        assertThat(errors(p)).singleElement().asString().startsWith("c.yml:3:5: error: service \"s\": mesos.fetch:"
                + " \"http://host\" has no path; the Mesos fetcher refuses it (\"Malformed URI (missing path)\")");
    }
}
