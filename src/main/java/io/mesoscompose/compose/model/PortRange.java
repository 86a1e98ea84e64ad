package io.mesoscompose.compose.model;

/**
 * An inclusive range of port numbers, as Mesos offers them ({@code ports:[31000-32000]}) and as compose writes a
 * published range ({@code "80-90:8080"}).
 */
public record PortRange(int from, int to) {
    /** Every port an agent may offer. */
    public static final PortRange ANY = new PortRange(1, 65535);

    public PortRange {
        if (from < 1 || to > 65535 || to < from) {
            throw new IllegalArgumentException("not a port range: " + from + "-" + to);
        }
    }

    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    public boolean isSingle() {
        return from == to;
    }

    public boolean contains(long port) {
        return from <= port && port <= to;
    }

    public int size() {
        return to - from + 1;
    }

    /** {@code 8080} or {@code 31000-32000}. */
    @Override
    public String toString() {
        return isSingle() ? Integer.toString(from) : from + "-" + to;
    }
}
