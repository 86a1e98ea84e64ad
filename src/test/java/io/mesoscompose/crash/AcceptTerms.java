package io.mesoscompose.crash;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * Watches the simulated master's scheduler API (installed with {@code MesosMasterSimulator.filterSchedulerCalls})
 * for what highly available instances must never do. Each instance is known by the web UI URL it subscribes with
 * (its own API). A term of an instance runs from its SUBSCRIBE until another instance's SUBSCRIBE arrives; an ACCEPT
 * must come from the instance whose term it arrives in — an ACCEPT from an instance after another one subscribed
 * means two instances launched in overlapping terms. And every instance must subscribe as the same framework (a
 * takeover is a failover, never a new registration).
 */
final class AcceptTerms extends Filter {

    /** A SUBSCRIBE as the master received it: when, from which instance, with which framework ID. */
    record Subscribe(long nanoTime, String instance, Optional<String> frameworkId) {}

    private final Map<String, String> instanceOfStream = new HashMap<>();  // guarded by this
    private final List<Subscribe> subscribes = new ArrayList<>();  // guarded by this
    private final Map<String, Integer> accepts = new HashMap<>();  // guarded by this
    private final Set<String> frameworkIds = new HashSet<>();  // guarded by this
    private final List<String> violations = new ArrayList<>();  // guarded by this

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        exchange.setStreams(new ByteArrayInputStream(body), null);
        Optional<Call> call = parse(body, String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        if (call.isPresent() && call.get().getType() == Call.Type.SUBSCRIBE) {
            String instance = call.get().getSubscribe().getFrameworkInfo().getWebuiUrl();
            subscribed(instance, call.get().getSubscribe().getFrameworkInfo().hasId()
                    ? Optional.of(call.get().getSubscribe().getFrameworkInfo().getId().getValue()) : Optional.empty());
            exchange.setStreams(null, new StreamIdOnFirstWrite(exchange, instance));
        } else if (call.isPresent() && call.get().getType() == Call.Type.ACCEPT) {
            accepted(String.valueOf(exchange.getRequestHeaders().getFirst("Mesos-Stream-Id")),
                    call.get().getFrameworkId().getValue());
        }
        chain.doFilter(exchange);
    }

    private synchronized void subscribed(String instance, Optional<String> frameworkId) {
        if (frameworkId.isEmpty() && !subscribes.isEmpty()) {
            violations.add(instance + " subscribed as a new framework after " + subscribes.size()
                    + " subscriptions: a takeover must fail over with the stored framework ID");
        }
        frameworkId.ifPresent(frameworkIds::add);
        subscribes.add(new Subscribe(System.nanoTime(), instance, frameworkId));
    }

    private synchronized void accepted(String streamId, String frameworkId) {
        frameworkIds.add(frameworkId);
        String instance = instanceOfStream.getOrDefault(streamId, "an unknown stream " + streamId);
        accepts.merge(instance, 1, Integer::sum);
        String current = subscribes.isEmpty() ? "nobody" : subscribes.getLast().instance();
        if (!instance.equals(current)) {
            violations.add("ACCEPT from " + instance + " while " + current + " held the term (it subscribed later):"
                    + " two instances launched in overlapping terms");
        }
    }

    private synchronized void streamOpened(String streamId, String instance) {
        instanceOfStream.put(streamId, instance);
    }

    /** Everything that broke the rules so far, and framework IDs seen when more than one. */
    synchronized List<String> violations() {
        List<String> all = new ArrayList<>(violations);
        if (frameworkIds.size() > 1) {
            all.add("calls came from " + frameworkIds.size() + " framework IDs: " + frameworkIds);
        }
        return all;
    }

    synchronized List<Subscribe> subscribes() {
        return List.copyOf(subscribes);
    }

    /** The first SUBSCRIBE after {@code sinceNanos} from an instance other than {@code not}. */
    synchronized Optional<Subscribe> firstSubscribeAfter(long sinceNanos, String not) {
        return subscribes.stream().filter(s -> s.nanoTime() > sinceNanos && !s.instance().equals(not)).findFirst();
    }

    synchronized Map<String, Integer> acceptsByInstance() {
        return Map.copyOf(accepts);
    }

    @Override
    public String description() {
        return "checks that highly available instances never launch in overlapping terms";
    }

    private static Optional<Call> parse(byte[] body, String contentType) {
        try {
            if (contentType.startsWith("application/json")) {
                Call.Builder b = Call.newBuilder();
                JsonFormat.parser().ignoringUnknownFields().merge(new String(body, StandardCharsets.UTF_8), b);
                return Optional.of(b.build());
            }
            return Optional.of(Call.parseFrom(body));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();  // the master answers 400; nothing to check
        }
    }

    /** The SUBSCRIBE answer's body: its headers (with the stream ID) are out once the first event is written. */
    private final class StreamIdOnFirstWrite extends FilterOutputStream {
        private final HttpExchange exchange;
        private final String instance;
        private boolean seen;

        StreamIdOnFirstWrite(HttpExchange exchange, String instance) {
            super(exchange.getResponseBody());
            this.exchange = exchange;
            this.instance = instance;
        }

        private void see() {
            if (!seen) {
                seen = true;
                Optional.ofNullable(exchange.getResponseHeaders().getFirst("Mesos-Stream-Id"))
                        .ifPresent(id -> streamOpened(id, instance));
            }
        }

        @Override
        public void write(int b) throws IOException {
            see();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            see();
            out.write(b, off, len);
        }
    }
}
