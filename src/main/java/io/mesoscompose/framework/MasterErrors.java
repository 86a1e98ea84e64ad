package io.mesoscompose.framework;

import io.mesoscompose.mesos.MesosEvent;
import io.mesoscompose.scheduler.Scheduler;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do after the master sends an ERROR event (the Mesos client stops reconnecting then and leaves the
 * decision to us). The master says why in free text; upstream's messages are matched:
 *
 * <ul>
 *   <li>"Framework has been removed": we were away longer than the failover timeout, the master killed our tasks
 *       and will never accept this framework ID again → forget it and register as a new framework; reconciliation
 *       then finds the old tasks gone and the scheduler launches them again.</li>
 *   <li>"Framework failed over": another instance of this framework subscribed with our ID and now owns it →
 *       stand down (no reconnect, or the two would take the framework from each other in turn).</li>
 *   <li>anything else (e.g. refused credentials): try again after a pause, keeping the ID, so the framework heals
 *       by itself once the operator fixed the cause.</li>
 * </ul>
 */
final class MasterErrors {

    private static final Logger LOG = LoggerFactory.getLogger(MasterErrors.class);

    private final Scheduler scheduler;
    private final Runnable reconnect;
    private final Duration pause;
    private volatile boolean closed;

    MasterErrors(Scheduler scheduler, Runnable reconnect, Duration pause) {
        this.scheduler = scheduler;
        this.reconnect = reconnect;
        this.pause = pause;
    }

    void onError(MesosEvent.Error error) {
        String message = error.message().toLowerCase(Locale.ROOT);
        if (message.contains("failed over")) {
            LOG.error("another instance of this framework took over (\"{}\"); this one stays disconnected",
                    error.message());
        } else if (message.contains("removed") || message.contains("completed")) {
            LOG.warn("the master removed this framework (\"{}\"): registering anew; tasks it killed are relaunched",
                    error.message());
            scheduler.forgetFrameworkId().thenRun(this::reconnectLater);
        } else {
            LOG.warn("the master refused the framework (\"{}\"); subscribing again in {}s", error.message(),
                    pause.toSeconds());
            reconnectLater();
        }
    }

    private void reconnectLater() {
        Thread.ofVirtual().name("reconnect-after-error").start(() -> {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                reconnect.run();
            }
        });
    }

    void close() {
        closed = true;
    }
}
