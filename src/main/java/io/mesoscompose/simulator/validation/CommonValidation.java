package io.mesoscompose.simulator.validation;

import static io.mesoscompose.simulator.validation.ValidationError.error;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.mesos.v1.Protos.CheckInfo;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Secret;
import org.apache.mesos.v1.Protos.Volume;

/**
 * The rules of Apache Mesos' src/common/validation.cpp (IDs, environment, volumes, containers, GPUs, health checks
 * and checks) and src/common/roles.cpp ({@code roles::validate}), shared by the master's validators. Pure; messages
 * are Mesos' own.
 */
public final class CommonValidation {

    /** Linux's {@code NAME_MAX}: the longest ID, in bytes. */
    static final int NAME_MAX = 255;

    private CommonValidation() {}

    /** {@code validateID}: non-empty, at most 255 bytes, not "." or "..", no control characters, '/' or '\'. */
    static Optional<ValidationError> id(String id) {
        if (id.isEmpty()) {
            return error("ID must not be empty");
        }
        if (id.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
            return error("ID must not be greater than " + NAME_MAX + " characters");
        }
        if (id.equals(".") || id.equals("..")) {
            return error("'" + id + "' is disallowed");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
                return error("'" + id + "' contains invalid characters");
            }
        }
        return Optional.empty();
    }

    /** {@code validateSecret}. */
    static Optional<ValidationError> secret(Secret secret) {
        switch (secret.getType()) {
            case REFERENCE -> {
                if (!secret.hasReference()) {
                    return error("Secret of type REFERENCE must have the 'reference' field set");
                }
                if (secret.hasValue()) {
                    return error("Secret '" + secret.getReference().getName() + "' of type REFERENCE "
                            + "must not have the 'value' field set");
                }
            }
            case VALUE -> {
                if (!secret.hasValue()) {
                    return error("Secret of type VALUE must have the 'value' field set");
                }
                if (secret.hasReference()) {
                    return error("Secret of type VALUE must not have the 'reference' field set");
                }
            }
            case UNKNOWN -> { }
        }
        return Optional.empty();
    }

    /** {@code validateEnvironment}: a VALUE variable needs a value, a SECRET one a secret, UNKNOWN is refused. */
    static Optional<ValidationError> environment(Environment environment) {
        for (Environment.Variable v : environment.getVariablesList()) {
            switch (v.getType()) {
                case SECRET -> {
                    if (!v.hasSecret()) {
                        return error("Environment variable '" + v.getName() + "' of type 'SECRET' must have a secret set");
                    }
                    if (v.hasValue()) {
                        return error("Environment variable '" + v.getName()
                                + "' of type 'SECRET' must not have a value set");
                    }
                    Optional<ValidationError> e = secret(v.getSecret());
                    if (e.isPresent()) {
                        return Optional.of(e.get().prefixed(
                                "Environment variable '" + v.getName() + "' specifies an invalid secret: "));
                    }
                    if (hasNullByte(v.getSecret().getValue().getData().toByteArray())) {
                        return error("Environment variable '" + v.getName() + "' specifies a secret containing "
                                + "null bytes, which is not allowed in the environment");
                    }
                }
                case VALUE -> {
                    if (!v.hasValue()) {
                        return error("Environment variable '" + v.getName() + "' of type 'VALUE' must have a value set");
                    }
                    if (v.hasSecret()) {
                        return error("Environment variable '" + v.getName()
                                + "' of type 'VALUE' must not have a secret set");
                    }
                }
                case UNKNOWN -> {
                    return error("Environment variable of type 'UNKNOWN' is not allowed");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasNullByte(byte[] data) {
        for (byte b : data) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code validateCommandInfo}: today only its environment. */
    static Optional<ValidationError> commandInfo(CommandInfo command) {
        return environment(command.getEnvironment());
    }

    /** {@code validateVolume}: exactly one of host_path, image and source, and the source's own field. */
    static Optional<ValidationError> volume(Volume volume) {
        int count = (volume.hasHostPath() ? 1 : 0) + (volume.hasImage() ? 1 : 0) + (volume.hasSource() ? 1 : 0);
        if (count != 1) {
            return error("Only one of them should be set: 'host_path', 'image' and 'source'");
        }
        if (volume.hasSource()) {
            Volume.Source s = volume.getSource();
            switch (s.getType()) {
                case DOCKER_VOLUME -> {
                    if (!s.hasDockerVolume()) {
                        return error("'source.docker_volume' is not set for DOCKER_VOLUME volume");
                    }
                }
                case HOST_PATH -> {
                    if (!s.hasHostPath()) {
                        return error("'source.host_path' is not set for HOST_PATH volume");
                    }
                }
                case SANDBOX_PATH -> {
                    if (!s.hasSandboxPath()) {
                        return error("'source.sandbox_path' is not set for SANDBOX_PATH volume");
                    }
                }
                case SECRET -> {
                    if (!s.hasSecret()) {
                        return error("'source.secret' is not set for SECRET volume");
                    }
                }
                case CSI_VOLUME -> {
                    if (!s.hasCsiVolume()) {
                        return error("'source.csi_volume' is not set for CSI volume");
                    }
                    if (!s.getCsiVolume().hasStaticProvisioning()) {
                        return error("'source.csi_volume.static_provisioning' is not set for CSI volume");
                    }
                }
                case UNKNOWN -> {
                    return error("'source.type' is unknown");
                }
            }
        }
        return Optional.empty();
    }

    /** {@code validateContainerInfo}: its volumes; DOCKER needs DockerInfo and no {@code name} parameter. */
    static Optional<ValidationError> containerInfo(ContainerInfo container) {
        for (Volume v : container.getVolumesList()) {
            Optional<ValidationError> e = volume(v);
            if (e.isPresent()) {
                return Optional.of(e.get().prefixed("Invalid volume: "));
            }
        }
        if (container.getType() == ContainerInfo.Type.DOCKER) {
            if (!container.hasDocker()) {
                return error("DockerInfo 'docker' is not set for DOCKER typed ContainerInfo");
            }
            for (Parameter p : container.getDocker().getParametersList()) {
                if (p.getKey().equals("name")) {
                    return error("Parameter in DockerInfo must not be 'name'");
                }
            }
        }
        return Optional.empty();
    }

    /** {@code validateGpus}: the sum of {@code gpus} is whole (Mesos keeps three decimals). */
    static Optional<ValidationError> gpus(MesosResources resources) {
        double gpus = resources.scalar("gpus").orElse(0.0);
        if (((long) (gpus * 1000.0)) % 1000 != 0) {
            return error("The 'gpus' resource must be an unsigned integer");
        }
        return Optional.empty();
    }

    /**
     * {@code validateHealthCheck}: a type; COMMAND needs a command with a value; HTTP only http/https and a path
     * starting with '/'; TCP needs tcp; timings not negative.
     */
    static Optional<ValidationError> healthCheck(HealthCheck check) {
        if (!check.hasType()) {
            return error("HealthCheck must specify 'type'");
        }
        switch (check.getType()) {
            case COMMAND -> {
                if (!check.hasCommand()) {
                    return error("Expecting 'command' to be set for COMMAND health check");
                }
                CommandInfo command = check.getCommand();
                if (!command.hasValue()) {
                    return error("Command health check must contain "
                            + (command.getShell() ? "'shell command'" : "'executable path'"));
                }
                Optional<ValidationError> e = commandInfo(command);
                if (e.isPresent()) {
                    return Optional.of(e.get().prefixed("Health check's `CommandInfo` is invalid: "));
                }
            }
            case HTTP -> {
                if (!check.hasHttp()) {
                    return error("Expecting 'http' to be set for HTTP health check");
                }
                HealthCheck.HTTPCheckInfo http = check.getHttp();
                if (http.hasScheme() && !http.getScheme().equals("http") && !http.getScheme().equals("https")) {
                    return error("Unsupported HTTP health check scheme: '" + http.getScheme() + "'");
                }
                if (http.hasPath() && !http.getPath().startsWith("/")) {
                    return error("The path '" + http.getPath() + "' of HTTP health check must start with '/'");
                }
            }
            case TCP -> {
                if (!check.hasTcp()) {
                    return error("Expecting 'tcp' to be set for TCP health check");
                }
            }
            case UNKNOWN -> {
                return error("'" + check.getType().name() + "' is not a valid health check type");
            }
        }
        if (check.hasDelaySeconds() && check.getDelaySeconds() < 0.0) {
            return error("Expecting 'delay_seconds' to be non-negative");
        }
        if (check.hasGracePeriodSeconds() && check.getGracePeriodSeconds() < 0.0) {
            return error("Expecting 'grace_period_seconds' to be non-negative");
        }
        if (check.hasIntervalSeconds() && check.getIntervalSeconds() < 0.0) {
            return error("Expecting 'interval_seconds' to be non-negative");
        }
        if (check.hasTimeoutSeconds() && check.getTimeoutSeconds() < 0.0) {
            return error("Expecting 'timeout_seconds' to be non-negative");
        }
        return Optional.empty();
    }

    /** {@code validateCheckInfo}: as health checks, for the general checks. */
    static Optional<ValidationError> checkInfo(CheckInfo check) {
        if (!check.hasType()) {
            return error("CheckInfo must specify 'type'");
        }
        switch (check.getType()) {
            case COMMAND -> {
                if (!check.hasCommand()) {
                    return error("Expecting 'command' to be set for COMMAND check");
                }
                CommandInfo command = check.getCommand().getCommand();
                if (!command.hasValue()) {
                    return error("Command check must contain "
                            + (command.getShell() ? "'shell command'" : "'executable path'"));
                }
                Optional<ValidationError> e = commandInfo(command);
                if (e.isPresent()) {
                    return Optional.of(e.get().prefixed("Check's `CommandInfo` is invalid: "));
                }
            }
            case HTTP -> {
                if (!check.hasHttp()) {
                    return error("Expecting 'http' to be set for HTTP check");
                }
                if (check.getHttp().hasPath() && !check.getHttp().getPath().startsWith("/")) {
                    return error("The path '" + check.getHttp().getPath() + "' of HTTP check must start with '/'");
                }
            }
            case TCP -> {
                if (!check.hasTcp()) {
                    return error("Expecting 'tcp' to be set for TCP check");
                }
            }
            case UNKNOWN -> {
                return error("'" + check.getType().name() + "' is not a valid check type");
            }
        }
        if (check.hasDelaySeconds() && check.getDelaySeconds() < 0.0) {
            return error("Expecting 'delay_seconds' to be non-negative");
        }
        if (check.hasIntervalSeconds() && check.getIntervalSeconds() < 0.0) {
            return error("Expecting 'interval_seconds' to be non-negative");
        }
        if (check.hasTimeoutSeconds() && check.getTimeoutSeconds() < 0.0) {
            return error("Expecting 'timeout_seconds' to be non-negative");
        }
        return Optional.empty();
    }

    /** {@code roles::validate} (src/common/roles.cpp). */
    static Optional<ValidationError> role(String role) {
        if (role.equals("*")) {
            return Optional.empty();
        }
        if (role.startsWith("/")) {
            return error("Role '" + role + "' cannot start with a slash");
        }
        if (role.endsWith("/")) {
            return error("Role '" + role + "' cannot end with a slash");
        }
        if (role.contains("//")) {
            return error("Role '" + role + "' cannot contain two adjacent slashes");
        }
        String[] components = role.split("/");
        if (role.isEmpty() || components.length == 0) {
            return error("Role names cannot be the empty string");
        }
        for (String c : components) {
            if (c.equals(".")) {
                return error("Role '" + role + "' cannot include '.' as a component");
            }
            if (c.equals("..")) {
                return error("Role '" + role + "' cannot include '..' as a component");
            }
            if (c.equals("*")) {
                return error("Role '" + role + "' cannot include '*' as a component");
            }
            if (c.startsWith("-")) {
                return error("Role component '" + c + "' is invalid because it starts with a dash");
            }
            if (c.chars().anyMatch(ch -> ch == 0x09 || ch == 0x0a || ch == 0x0b || ch == 0x0c || ch == 0x0d
                    || ch == 0x20 || ch == 0x7f)) {
                return error("Role component '" + c + "' is invalid because it contains backspace or whitespace");
            }
        }
        return Optional.empty();
    }

    /** {@code roles::isStrictSubroleOf}. */
    static boolean isStrictSubroleOf(String left, String right) {
        return left.length() > right.length() && left.charAt(right.length()) == '/' && left.startsWith(right);
    }
}
