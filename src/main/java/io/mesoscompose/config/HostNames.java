package io.mesoscompose.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The name other machines reach this host by, for the default {@code FrameworkInfo.hostname} and web UI URL: the
 * Mesos master and the Mesos CLI on an operator's laptop must be able to resolve it, so a short host name that
 * only this machine's /etc/hosts knows will not do.
 */
public final class HostNames {

    private HostNames() {}

    /** This host's name as {@link #choose} picks it from what the system reports. */
    public static String local() {
        String shortName = "localhost";
        Optional<String> canonical = Optional.empty();
        try {
            InetAddress self = InetAddress.getLocalHost();
            shortName = self.getHostName();
            if (!self.isLoopbackAddress()) {
                canonical = Optional.of(self.getCanonicalHostName());
            }
        } catch (UnknownHostException e) {
            // no name for this host: fall back to an interface address
        }
        return choose(shortName, canonical, interfaceAddresses());
    }

    /**
     * Pure. The fully qualified name when the system knows one (it has a dot and is not an address or
     * {@code localhost…}); else the first site-local-or-global interface address, IPv4 first; else the short name.
     *
     * @param canonical the canonical name of this host's address, when that address is not a loopback one
     */
    static String choose(String shortName, Optional<String> canonical, List<InetAddress> addresses) {
        Optional<String> fqdn = canonical.filter(HostNames::isQualifiedName)
                .or(() -> Optional.of(shortName).filter(HostNames::isQualifiedName));
        if (fqdn.isPresent()) {
            return fqdn.get();
        }
        return addresses.stream()
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress()
                        && !a.isMulticastAddress())
                .min(Comparator.comparing((InetAddress a) -> a instanceof Inet4Address ? 0 : 1))
                .map(HostNames::literal)
                .orElse(shortName);
    }

    private static boolean isQualifiedName(String name) {
        return name.contains(".") && !name.startsWith("localhost") && !name.matches("[0-9.]+")
                && !name.contains(":");
    }

    private static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        text = zone >= 0 ? text.substring(0, zone) : text;
        return address instanceof Inet4Address ? text : "[" + text + "]";
    }

    private static List<InetAddress> interfaceAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    out.addAll(Collections.list(nic.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            // no interfaces to ask: the short name it is
        }
        return out;
    }
}
