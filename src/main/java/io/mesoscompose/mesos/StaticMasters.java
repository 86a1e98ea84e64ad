package io.mesoscompose.mesos;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** A fixed list of masters, tried in the order given; the client follows redirects to whichever leads. */
public record StaticMasters(List<URI> urls) implements MasterDetector {

    static final int DEFAULT_PORT = 5050;

    public StaticMasters {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no Mesos master given");
        }
        urls = List.copyOf(urls);
    }

    static StaticMasters parse(String spec, boolean tls) {
        return new StaticMasters(Arrays.stream(spec.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> baseUrl(s, tls))
                .toList());
    }

    /** {@code host[:port]} or {@code scheme://host[:port][/…]} → {@code scheme://host:port}. */
    static URI baseUrl(String master, boolean tls) {
        URI uri = URI.create(master.contains("://") ? master : (tls ? "https://" : "http://") + master);
        if (!uri.getScheme().equals("http") && !uri.getScheme().equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("not a Mesos master address: " + master
                    + " (expected host:port, http(s)://host:port or zk://host:port/path)");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]"
                : uri.getHost();
        return URI.create(uri.getScheme() + "://" + host + ":" + port);
    }

    @Override
    public List<URI> masters(Duration wait) {
        return urls;
    }

    @Override
    public void onLeaderChange(Consumer<URI> listener) {
        // a fixed list learns of no leader change: redirects tell
    }

    @Override
    public void close() {}
}
