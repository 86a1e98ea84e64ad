package io.mesoscompose.mesos;

import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability;
import org.apache.mesos.v1.scheduler.Protos.AttributeConstraint;
import org.apache.mesos.v1.scheduler.Protos.OfferConstraints;

/**
 * How {@link MesosClient} registers and connects: the FrameworkInfo fields, the master's credentials, TLS and the
 * connection timing. The framework ID is not here: it changes at run time and is read at each SUBSCRIBE.
 *
 * @param principal  with {@code secret}, HTTP basic auth to the master; also {@code FrameworkInfo.principal} unless
 *                   {@code frameworkPrincipal} says otherwise
 * @param capabilities MULTI_ROLE is always added: the client sends {@code roles}, never the old {@code role}
 * @param wireFormat   protobuf (default) or JSON, for calls and the event stream alike
 * @param frameworkPrincipal {@code FrameworkInfo.principal} when it differs from the basic-auth user
 *                     ({@code MESOS_PRINCIPAL})
 * @param hostConstraints the only agent host names whose offers the master should send ({@code
 *                     HOST_CONSTRAINT_LIST}), as SUBSCRIBE's offer constraints; empty for every agent
 */
public record ClientConfig(
        String frameworkName,
        String user,
        List<String> roles,
        Optional<String> principal,
        Optional<Secret> secret,
        boolean checkpoint,
        Duration failoverTimeout,
        Optional<String> webuiUrl,
        Optional<String> hostname,
        Set<Capability.Type> capabilities,
        Tls tls,
        Timing timing,
        WireFormat wireFormat,
        Optional<String> frameworkPrincipal,
        List<String> hostConstraints) {

    /**
     * @param caFile   PEM file with the CA certificate(s) the master's certificate must chain to; the JDK's
     *                 default trust store when empty
     * @param insecure no certificate or host name check at all ({@code SKIP_SSL=true}); for test clusters only
     */
    public record Tls(Optional<Path> caFile, boolean insecure) {
        public static final Tls DEFAULT = new Tls(Optional.empty(), false);
    }

    /**
     * @param requestTimeout   how long one call (or the start of the SUBSCRIBE answer) may take
     * @param backoffMin       first wait before reconnecting; doubles per failed attempt, with jitter
     * @param backoffMax       cap of that wait
     * @param missedHeartbeats the connection is dead after this many heartbeat intervals without any event
     *                         (upstream's high-availability guide suggests a few; 5 here)
     * @param detectTimeout    how long to wait for a leading master to be known (ZooKeeper) per attempt
     */
    public record Timing(Duration requestTimeout, Duration backoffMin, Duration backoffMax, int missedHeartbeats,
                         Duration detectTimeout) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(30), 5, Duration.ofSeconds(10));

        public Timing {
            if (missedHeartbeats < 1) {
                throw new IllegalArgumentException("missedHeartbeats must be at least 1, got " + missedHeartbeats);
            }
            if (backoffMin.isNegative() || backoffMin.isZero() || backoffMax.compareTo(backoffMin) < 0) {
                throw new IllegalArgumentException("reconnect backoff needs 0 < min <= max, got " + backoffMin
                        + " and " + backoffMax);
            }
        }
    }

    public ClientConfig {
        roles = List.copyOf(roles);
        hostConstraints = List.copyOf(hostConstraints);
        Set<Capability.Type> caps = new LinkedHashSet<>(capabilities);
        caps.add(Capability.Type.MULTI_ROLE);
        capabilities = Set.copyOf(caps);
    }

    /** A framework with only the required fields and default TLS and timing, for tests and embedding. */
    public static ClientConfig of(String frameworkName, String user, List<String> roles) {
        return new ClientConfig(frameworkName, user, roles, Optional.empty(), Optional.empty(), true,
                Duration.ofDays(7), Optional.empty(), Optional.empty(), Set.of(), Tls.DEFAULT, Timing.DEFAULT, WireFormat.PROTOBUF,
                Optional.empty(), List.of());
    }

    /**
     * The client configuration of the framework: partition-aware (the scheduler keeps UNREACHABLE tasks' slots)
     * and aware of TASK_KILLING; checkpointing so tasks survive an agent restart.
     *
     * @param gpuResources GPU allocation is on ({@code ENABLE_GPU_ALLOCATION}): declare GPU_RESOURCES, without
     *                     which the master's allocator offers nothing of an agent that has GPUs (Apache Mesos
     *                     src/master/allocator/mesos/hierarchical.cpp, isCapableOfReceivingAgent)
     */
    public static ClientConfig from(FrameworkConfig.Mesos mesos, String webuiUrl, boolean gpuResources) {
        Set<Capability.Type> capabilities = new LinkedHashSet<>(
                List.of(Capability.Type.PARTITION_AWARE, Capability.Type.TASK_KILLING_STATE));
        if (gpuResources) {
            capabilities.add(Capability.Type.GPU_RESOURCES);
        }
        return new ClientConfig(mesos.frameworkName(), mesos.user(), List.of(mesos.role()), mesos.principal(),
                mesos.secret(), true, mesos.failoverTimeout(), Optional.of(webuiUrl), Optional.of(mesos.hostname()),
                capabilities, new Tls(mesos.caFile(), !mesos.verifyTls()), Timing.DEFAULT, WireFormat.PROTOBUF,
                mesos.frameworkPrincipal(), mesos.hostConstraints());
    }

    public ClientConfig withAuth(String principal, Secret secret) {
        return new ClientConfig(frameworkName, user, roles, Optional.of(principal), Optional.of(secret), checkpoint,
                failoverTimeout, webuiUrl, hostname, capabilities, tls, timing, wireFormat, frameworkPrincipal, hostConstraints);
    }

    public ClientConfig withTls(Tls tls) {
        return new ClientConfig(frameworkName, user, roles, principal, secret, checkpoint, failoverTimeout, webuiUrl,
                hostname, capabilities, tls, timing, wireFormat, frameworkPrincipal, hostConstraints);
    }

    public ClientConfig withTiming(Timing timing) {
        return new ClientConfig(frameworkName, user, roles, principal, secret, checkpoint, failoverTimeout, webuiUrl,
                hostname, capabilities, tls, timing, wireFormat, frameworkPrincipal, hostConstraints);
    }

    public ClientConfig withWireFormat(WireFormat wireFormat) {
        return new ClientConfig(frameworkName, user, roles, principal, secret, checkpoint, failoverTimeout, webuiUrl,
                hostname, capabilities, tls, timing, wireFormat, frameworkPrincipal, hostConstraints);
    }

    /**
     * The offer constraints of a SUBSCRIBE: for the framework's role(s), an agent whose host name equals one of
     * {@code hostConstraints} (one group per host name: groups are alternatives, as the Go project sends them).
     */
    Optional<OfferConstraints> offerConstraints() {
        if (hostConstraints.isEmpty()) {
            return Optional.empty();
        }
        OfferConstraints.RoleConstraints.Builder groups = OfferConstraints.RoleConstraints.newBuilder();
        for (String host : hostConstraints) {
            groups.addGroups(OfferConstraints.RoleConstraints.Group.newBuilder().addAttributeConstraints(
                    AttributeConstraint.newBuilder()
                            .setSelector(AttributeConstraint.Selector.newBuilder()
                                    .setPseudoattributeType(AttributeConstraint.Selector.PseudoattributeType.HOSTNAME))
                            .setPredicate(AttributeConstraint.Predicate.newBuilder()
                                    .setTextEquals(AttributeConstraint.Predicate.TextEquals.newBuilder()
                                            .setValue(host)))));
        }
        OfferConstraints.Builder constraints = OfferConstraints.newBuilder();
        roles.forEach(role -> constraints.putRoleConstraints(role, groups.build()));
        return Optional.of(constraints.build());
    }

    /** The FrameworkInfo of a SUBSCRIBE; {@code id} present when failing over an existing framework. */
    FrameworkInfo frameworkInfo(Optional<FrameworkID> id) {
        FrameworkInfo.Builder b = FrameworkInfo.newBuilder()
                .setName(frameworkName)
                .setUser(user)
                .addAllRoles(roles)
                .setCheckpoint(checkpoint)
                .setFailoverTimeout(failoverTimeout.toMillis() / 1000.0);
        capabilities.stream().sorted().forEach(c -> b.addCapabilities(Capability.newBuilder().setType(c)));
        frameworkPrincipal.or(() -> principal).ifPresent(b::setPrincipal);
        webuiUrl.ifPresent(b::setWebuiUrl);
        hostname.ifPresent(b::setHostname);
        id.ifPresent(b::setId);
        return b.build();
    }
}
