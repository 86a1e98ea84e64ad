package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * What one service of a project became in the plan: enough to show and to follow it (desired replicas, job or
 * service), plus the Mesos TaskInfo template as JSON with secret values masked.
 *
 * @param lifecycle    {@code SERVICE} (kept running) or {@code JOB} (runs to completion)
 * @param hostPorts    the published ports, as {@code host:container/proto}, host {@code 0} when chosen at launch
 * @param constraints  placement constraints as written
 * @param taskInfo     the TaskInfo template in protobuf's JSON form (JsonFormat), secret values masked; made when
 *                     first written out: only a project's detail has it, and the first print of a JVM costs about
 *                     100 ms (protobuf's JSON printer learning the messages), which a read of counts would pay
 * @param update       the service's rolling update to this version, once one began
 */
public record PlannedService(
        @JsonProperty("service") String service,
        @JsonProperty("task_name") String taskName,
        @JsonProperty("replicas") int replicas,
        @JsonProperty("lifecycle") String lifecycle,
        @JsonProperty("cpus") double cpus,
        @JsonProperty("mem_mb") double memMb,
        @JsonProperty("disk_mb") double diskMb,
        @JsonProperty("host_ports") List<String> hostPorts,
        @JsonProperty("constraints") List<String> constraints,
        @JsonProperty("task_info") DeferredJson taskInfo,
        @JsonProperty("update") Optional<ServiceUpdate> update) {

    @JsonCreator
    public PlannedService {
        hostPorts = List.copyOf(hostPorts);
        constraints = List.copyOf(constraints);
        update = update == null ? Optional.empty() : update;
    }

    /** No update began. */
    public PlannedService(String service, String taskName, int replicas, String lifecycle, double cpus, double memMb,
                          double diskMb, List<String> hostPorts, List<String> constraints, DeferredJson taskInfo) {
        this(service, taskName, replicas, lifecycle, cpus, memMb, diskMb, hostPorts, constraints, taskInfo,
                Optional.empty());
    }

    @JsonIgnore
    public boolean isJob() {
        return "JOB".equals(lifecycle);
    }
}
