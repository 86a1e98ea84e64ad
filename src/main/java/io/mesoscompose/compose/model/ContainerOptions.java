package io.mesoscompose.compose.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Everything else that shapes the container process, each mapped by the plan to Docker parameters or UCR fields. */
public record ContainerOptions(
        Optional<String> user,
        Optional<String> workingDir,
        Optional<String> domainname,
        boolean tty,
        boolean stdinOpen,
        boolean readOnly,
        boolean init,
        Optional<Duration> stopGracePeriod,
        Optional<String> stopSignal,
        OptionalLong shmSizeBytes,
        Map<String, String> sysctls,
        List<String> extraHosts,
        List<String> dns,
        List<String> dnsSearch,
        List<String> devices,
        List<String> securityOpt,
        List<String> tmpfs,
        Optional<Logging> logging) {

    public static final ContainerOptions NONE = new ContainerOptions(Optional.empty(), Optional.empty(), Optional.empty(),
            false, false, false, false, Optional.empty(), Optional.empty(), OptionalLong.empty(), Map.of(), List.of(),
            List.of(), List.of(), List.of(), List.of(), List.of(), Optional.empty());

    public ContainerOptions {
        sysctls = Maps.ordered(sysctls);
        extraHosts = List.copyOf(extraHosts);
        dns = List.copyOf(dns);
        dnsSearch = List.copyOf(dnsSearch);
        devices = List.copyOf(devices);
        securityOpt = List.copyOf(securityOpt);
        tmpfs = List.copyOf(tmpfs);
    }

    public record Logging(String driver, Map<String, String> options) {
        public Logging {
            options = Maps.ordered(options);
        }
    }
}
