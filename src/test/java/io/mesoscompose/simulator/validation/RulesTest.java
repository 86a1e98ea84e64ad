package io.mesoscompose.simulator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.scheduler.Protos.AttributeConstraint;
import org.apache.mesos.v1.scheduler.Protos.OfferConstraints;
import org.junit.jupiter.api.Test;

/** Rules the wire-level conformance tests do not reach easily, checked on their own. */
public class RulesTest {

    static ByteString uuid(UUID u) {
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
    }

    // stout uuid.hpp, UUID::fromBytes: 16 bytes of a version boost knows
    @Test
    void anAcknowledgedUuidHasSixteenBytesAndAKnownVersion() {
        assertThat(CallValidation.uuid(uuid(UUID.randomUUID()))).isEmpty();
        assertThat(CallValidation.uuid(ByteString.copyFrom(new byte[16]))).map(ValidationError::message)
                .contains("Not a valid UUID");
        assertThat(CallValidation.uuid(ByteString.copyFrom(new byte[15]))).isPresent();
    }

    static FrameworkInfo.Builder multiRole(String... roles) {
        return FrameworkInfo.newBuilder().setUser("root").setName("f").addAllRoles(List.of(roles))
                .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE));
    }

    static Optional<String> refused(FrameworkInfo.Builder info, List<String> suppressed, OfferConstraints c) {
        return FrameworkValidation.validate(info.build(), suppressed, c).map(ValidationError::message);
    }

    static Optional<String> refused(FrameworkInfo.Builder info) {
        return refused(info, List.of(), OfferConstraints.getDefaultInstance());
    }

    // Mesos: src/master/validation.cpp, framework::internal::validateRoles
    @Test
    void frameworkRolesAreCheckedAsMesosDoes() {
        assertThat(refused(multiRole("a", "a"))).contains("'FrameworkInfo.roles' contains duplicate items: { a }");
        assertThat(refused(multiRole("a").setRole("a")))
                .contains("'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable");
        assertThat(refused(FrameworkInfo.newBuilder().setUser("u").setName("n").addRoles("a")))
                .contains("'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable");
        assertThat(refused(multiRole("a b"))).contains("'FrameworkInfo.roles' contains invalid role: Role component "
                + "'a b' is invalid because it contains backspace or whitespace");
    }

    // Mesos: src/master/validation.cpp, validateSuppressedRoles; validateFailoverTimeout
    @Test
    void suppressedRolesAndTheFailoverTimeoutAreChecked() {
        assertThat(refused(multiRole("a"), List.of("b"), OfferConstraints.getDefaultInstance()))
                .contains("Suppressed roles { b } are not contained in the set of roles");
        assertThat(refused(multiRole("a").setFailoverTimeout(Double.POSITIVE_INFINITY)))
                .contains("The framework failover_timeout (inf) is invalid");
    }

    public static OfferConstraints hostIs(String role, String... hosts) {
        OfferConstraints.RoleConstraints.Builder groups = OfferConstraints.RoleConstraints.newBuilder();
        for (String host : hosts) {
            groups.addGroups(OfferConstraints.RoleConstraints.Group.newBuilder().addAttributeConstraints(
                    AttributeConstraint.newBuilder().setSelector(AttributeConstraint.Selector.newBuilder()
                                    .setPseudoattributeType(AttributeConstraint.Selector.PseudoattributeType.HOSTNAME))
                            .setPredicate(AttributeConstraint.Predicate.newBuilder().setTextEquals(
                                    AttributeConstraint.Predicate.TextEquals.newBuilder().setValue(host)))));
        }
        return OfferConstraints.newBuilder().putRoleConstraints(role, groups.build()).build();
    }

    // Mesos: src/master/validation.cpp, validateOfferConstraintsRoles; offer_constraints_filter.cpp
    @Test
    void offerConstraintsAreCheckedAndAppliedAsTheAllocatorDoes() {
        assertThat(refused(multiRole("a"), List.of(), hostIs("b", "h1")))
                .contains("Offer constraints specify `role_constraints` for a role 'b'not contained in the set of roles");
        assertThat(refused(multiRole("a"), List.of(), hostIs("a")))
                .contains("Offer constraints are not valid: 'OfferConstraints::role_constraints' has an empty "
                        + "'RoleConstraints::groups' for role a");
        assertThat(refused(multiRole("a"), List.of(), hostIs("a", "h1", "h2"))).isEmpty();
        assertThat(OfferConstraintsFilter.excludes(hostIs("a", "h1", "h2"), "a", "h2", Map.of())).isFalse();
        assertThat(OfferConstraintsFilter.excludes(hostIs("a", "h1", "h2"), "a", "h3", Map.of())).isTrue();
        assertThat(OfferConstraintsFilter.excludes(hostIs("a", "h1"), "other", "h3", Map.of())).isFalse();
    }

    // Mesos: src/master/validation.cpp, framework::validateUpdate
    @Test
    void aFrameworkCannotChangeItsPrincipal() {
        assertThat(FrameworkValidation.update(multiRole("a").setPrincipal("p1").build(),
                multiRole("a").setPrincipal("p2").build())).map(ValidationError::message)
                .contains("Changing framework's principal is not allowed.");
    }

    static TaskInfo dockerCheck(boolean shell, String value, String... args) {
        return TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t"))
                .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
                        .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage("nginx")))
                .setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND).setCommand(
                        CommandInfo.newBuilder().setShell(shell).setValue(value).addAllArguments(List.of(args))))
                .buildPartial();
    }

    // Mesos: src/checks/checker_process.cpp, CheckerProcess::dockerCommandCheck
    @Test
    void aDockerCommandCheckRunsItsValueThenItsArguments() {
        assertThat(AgentValidation.dockerExec(dockerCheck(false, "curl", "-f", "http://x/").getHealthCheck()
                .getCommand(), "mesos-c1")).containsExactly("docker", "-H", "unix:///var/run/docker.sock", "exec",
                "mesos-c1", "curl", "-f", "http://x/");
        assertThat(AgentValidation.dockerExec(dockerCheck(true, "pg_isready -U app").getHealthCheck().getCommand(),
                "mesos-c1")).endsWith("sh", "-c", "pg_isready -U app");
        assertThat(AgentValidation.brokenDockerHealthCheck(dockerCheck(false, "curl", "-f", "http://x/"), "c"))
                .isEmpty();
        assertThat(AgentValidation.brokenDockerHealthCheck(dockerCheck(false, "/usr/bin/curl", "curl", "-f"), "c"))
                .isPresent();
        assertThat(AgentValidation.brokenDockerHealthCheck(dockerCheck(true, "curl curl"), "c")).isEmpty();
    }

    // Mesos: src/slave/containerizer/fetcher.cpp, Fetcher::basename
    @Test
    void fetchUrisAreCheckedAsTheFetcherDoes() {
        assertThat(AgentValidation.uri("https://example.com/app.tgz")).isEmpty();
        assertThat(AgentValidation.uri("/opt/app.tgz")).isEmpty();
        assertThat(AgentValidation.uri("hdfs://namenode/")).map(ValidationError::message)
                .contains("Malformed URI (missing path): hdfs://namenode/");
        assertThat(AgentValidation.outputFile("")).map(ValidationError::message)
                .contains("URI output file path is empty");
        assertThat(AgentValidation.outputFile("sub/app.tgz")).isEqualTo(Optional.empty());
    }
}
