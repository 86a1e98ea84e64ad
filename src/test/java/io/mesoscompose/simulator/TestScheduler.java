package io.mesoscompose.simulator;

import io.mesoscompose.mesos.RecordIO;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.apache.mesos.v1.scheduler.Protos.OfferConstraints;

/** A bare scheduler over plain HttpClient, so simulator tests do not depend on the real client. */
final class TestScheduler implements AutoCloseable {

    final HttpClient http = HttpClient.newHttpClient();
    final String url;
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    String streamId;
    String frameworkId;
    int subscribeStatus;
    private InputStream body;

    TestScheduler(String url) {
        this.url = url;
    }

    /** SUBSCRIBE and start reading events; returns once the HTTP response has started. */
    TestScheduler subscribe(FrameworkInfo info) throws Exception {
        return subscribe(info, OfferConstraints.getDefaultInstance());
    }

    /** SUBSCRIBE with offer constraints. */
    TestScheduler subscribe(FrameworkInfo info, OfferConstraints constraints) throws Exception {
        Call.Builder b = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info).setOfferConstraints(constraints));
        if (info.hasId()) {
            b.setFrameworkId(info.getId()); // a failover names the framework in the call too
        }
        Call call = b.build();
        HttpResponse<InputStream> resp = http.send(request(call), HttpResponse.BodyHandlers.ofInputStream());
        subscribeStatus = resp.statusCode();
        streamId = resp.headers().firstValue("Mesos-Stream-Id").orElse(null);
        body = resp.body();
        Thread.ofVirtual().start(() -> {
            try {
                RecordIO.Reader reader = new RecordIO.Reader(body, 1 << 24);
                for (Optional<byte[]> r = reader.next(); r.isPresent(); r = reader.next()) {
                    Event e = Event.parseFrom(r.get());
                    if (e.getType() == Event.Type.SUBSCRIBED) {
                        frameworkId = e.getSubscribed().getFrameworkId().getValue();
                    }
                    if (e.getType() == Event.Type.OFFERS && e.getOffers().getOffersCount() > 1) {
                        // The master sends a cycle's offers in one event; tests look at one offer at a time.
                        e.getOffers().getOffersList().forEach(o -> events.add(e.toBuilder()
                                .setOffers(Event.Offers.newBuilder().addOffers(o)).build()));
                    } else {
                        events.add(e);
                    }
                }
            } catch (Exception ignored) {
                // stream closed
            }
            events.add(Event.newBuilder().setType(Event.Type.UNKNOWN).build());
        });
        return this;
    }

    static FrameworkInfo framework(String name) {
        return FrameworkInfo.newBuilder().setUser("root").setName(name).addRoles("*")
                .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
                .build();
    }

    /** Next event matching, skipping others (HEARTBEATs etc.); fails after 10 s. */
    Event await(Predicate<Event> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && wanted.test(e)) {
                return e;
            }
        }
        throw new AssertionError("no matching event within 10 s");
    }

    Event await(Event.Type type) throws InterruptedException {
        return await(e -> e.getType() == type);
    }

    int call(Call call) throws Exception {
        Call withId = call.toBuilder().setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId)).build();
        return http.send(request(withId), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    HttpRequest request(Call call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/api/v1/scheduler"))
                .header("Content-Type", "application/x-protobuf").header("Accept", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
        if (streamId != null) {
            b.header("Mesos-Stream-Id", streamId);
        }
        return b.build();
    }

    @Override
    public void close() throws Exception {
        if (body != null) {
            body.close();
        }
    }
}
