package io.mesoscompose.state;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** How a process that holds a state is named in messages to operators: its host and pid. */
final class ProcessName {

    private ProcessName() {}

    /** {@code host (pid N)} of this process. */
    static String current() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown host";
        }
        return host + " (pid " + ProcessHandle.current().pid() + ")";
    }
}
