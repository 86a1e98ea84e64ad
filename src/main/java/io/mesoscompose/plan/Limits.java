package io.mesoscompose.plan;

import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.Ulimit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.CapabilityInfo;
import org.apache.mesos.v1.Protos.CapabilityInfo.Capability;
import org.apache.mesos.v1.Protos.RLimitInfo;

/** Ulimits and capabilities, in Docker's words and in UCR's (RLimitInfo, LinuxInfo capabilities). */
final class Limits {
    /** What Docker grants a container by default; UCR's capability sets start from it so both engines agree. */
    static final Set<Capability> DOCKER_DEFAULT_CAPS = EnumSet.of(Capability.CHOWN, Capability.DAC_OVERRIDE,
            Capability.FSETID, Capability.FOWNER, Capability.MKNOD, Capability.NET_RAW, Capability.SETGID,
            Capability.SETUID, Capability.SETFCAP, Capability.SETPCAP, Capability.NET_BIND_SERVICE,
            Capability.SYS_CHROOT, Capability.KILL, Capability.AUDIT_WRITE);

    private Limits() {}

    /**
     * Docker {@code --ulimit name=soft:hard} values (the Go project writes hard:soft, which Docker reads as
     * soft:hard; we write what Docker means). -1 stays -1: unlimited.
     */
    static List<String> dockerUlimits(Map<String, Ulimit> ulimits) {
        List<String> out = new ArrayList<>();
        ulimits.forEach((name, u) -> out.add(name + "=" + u.soft() + ":" + u.hard()));
        return out;
    }

    /** UCR rlimits; an unlimited (-1) soft or hard limit leaves both unset, which Mesos reads as unlimited. */
    static RLimitInfo rlimits(Map<String, Ulimit> ulimits, Warnings warnings) {
        RLimitInfo.Builder r = RLimitInfo.newBuilder();
        ulimits.forEach((name, u) -> {
            RLimitInfo.RLimit.Type type;
            try {
                type = RLimitInfo.RLimit.Type.valueOf("RLMT_" + name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                warnings.add("ulimits." + name, "unknown resource limit, ignored", null);
                return;
            }
            RLimitInfo.RLimit.Builder l = r.addRlimitsBuilder().setType(type);
            if (u.soft() >= 0 && u.hard() >= 0) {
                l.setSoft(u.soft()).setHard(u.hard());
            }
        });
        return r.build();
    }

    /**
     * UCR capabilities: Docker's default set, plus cap_add ({@code ALL} = every capability), minus cap_drop; the
     * same set is effective and bounding. Privileged means every capability.
     */
    static CapabilityInfo capabilities(Service s, Warnings warnings) {
        Set<Capability> caps = EnumSet.copyOf(DOCKER_DEFAULT_CAPS);
        if (s.privileged()) {
            caps = all();
        }
        for (String name : s.capAdd()) {
            if (name.equalsIgnoreCase("ALL")) caps = all(); else parse(name, "cap_add", warnings).ifPresent(caps::add);
        }
        for (String name : s.capDrop()) {
            if (name.equalsIgnoreCase("ALL")) caps.clear(); else parse(name, "cap_drop", warnings).ifPresent(caps::remove);
        }
        return CapabilityInfo.newBuilder().addAllCapabilities(caps).build();
    }

    private static Set<Capability> all() {
        Set<Capability> all = EnumSet.allOf(Capability.class);
        all.remove(Capability.UNKNOWN);
        return all;
    }

    private static java.util.Optional<Capability> parse(String name, String field, Warnings warnings) {
        String n = name.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
        try {
            Capability c = Capability.valueOf(n);
            return c == Capability.UNKNOWN ? java.util.Optional.empty() : java.util.Optional.of(c);
        } catch (IllegalArgumentException e) {
            warnings.add(field, "unknown capability " + name + ", ignored", null);
            return java.util.Optional.empty();
        }
    }
}
