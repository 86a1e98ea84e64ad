package io.mesoscompose.mesos;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos.FrameworkID;

/**
 * What a test's scheduler received from the client: events in order, and the framework ID kept from SUBSCRIBED
 * (as the real scheduler stores it) for the client's next SUBSCRIBE.
 */
final class EventLog implements Consumer<MesosEvent>, Supplier<Optional<FrameworkID>> {

    final BlockingQueue<MesosEvent> events = new LinkedBlockingQueue<>();
    final List<MesosEvent> all = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicReference<FrameworkID> frameworkId = new AtomicReference<>();
    /** Records which thread delivered each event: the client promises one. */
    final java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void accept(MesosEvent event) {
        threads.add(Thread.currentThread());
        if (event instanceof MesosEvent.Subscribed s) {
            frameworkId.set(s.info().getFrameworkId());
        }
        all.add(event);
        events.add(event);
    }

    @Override
    public Optional<FrameworkID> get() {
        return Optional.ofNullable(frameworkId.get());
    }

    /** The next event of this type that matches, skipping others; fails after 20 s. */
    <T extends MesosEvent> T await(Class<T> type, Predicate<T> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            MesosEvent e = events.poll(50, TimeUnit.MILLISECONDS);
            if (type.isInstance(e) && wanted.test(type.cast(e))) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no matching " + type.getSimpleName() + " within 20 s; got " + all);
    }

    <T extends MesosEvent> T await(Class<T> type) throws InterruptedException {
        return await(type, e -> true);
    }

    /** Waits until an event of this type has come, without taking any from the queue; fails after 20 s. */
    void awaitReceived(Class<? extends MesosEvent> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (List.copyOf(all).stream().noneMatch(type::isInstance)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + type.getSimpleName() + " within 20 s; got " + all);
            }
            Thread.sleep(10);
        }
    }
}
