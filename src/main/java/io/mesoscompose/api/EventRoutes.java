package io.mesoscompose.api;

import io.mesoscompose.api.model.BackendEvent;
import io.mesoscompose.api.model.PlannedService;
import io.mesoscompose.api.model.ProjectInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/compose/v1/events[?project=P]}: the backend's events as Server-Sent Events. Event names and data:
 *
 * <ul>
 *   <li>{@code task}: a {@code TaskView} whose state changed;</li>
 *   <li>{@code service}: the {@code ServiceStatus} of the service that task belongs to, recounted (what
 *       {@code mesos-compose up} shows), and of every service of a project when a version is applied;</li>
 *   <li>{@code project}: {@code {"project","version","change":"applied"|"killed"}};</li>
 *   <li>{@code connection}: {@code {"subscribed", "detail"}}, the link to the Mesos master (sent to every client,
 *       and the latest one to each client as it connects; {@code detail} is the master's URL while subscribed, the
 *       reason otherwise).</li>
 * </ul>
 *
 * The counts are recomputed here from the backend's read side, so the scheduler only reports what changed.
 */
public final class EventRoutes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventRoutes.class);

    private final ComposeBackend backend;
    private final EventBroadcaster broadcaster;
    private final AutoCloseable subscription;

    /** Subscribes to the backend at once: events are relayed from now on. */
    public EventRoutes(ComposeBackend backend, EventBroadcaster broadcaster) {
        this.backend = backend;
        this.broadcaster = broadcaster;
        this.subscription = backend.subscribe(this::relay);
    }

    public Router register(Router router) {
        return router.add("GET", V1Routes.PREFIX + "/events", request -> {
            Optional<String> project = request.queryParam("project");
            Predicate<EventBroadcaster.Event> filter = event -> project.isEmpty() || event.project().isEmpty()
                    || event.project().equals(project.get());
            return new ApiResponse.Streaming(200, "text/event-stream", Map.of(), broadcaster.stream(filter));
        });
    }

    private void relay(BackendEvent event) {
        if (event instanceof BackendEvent.ConnectionChanged connection) {
            // Remembered even with nobody listening: a client that connects later is told at once.
            broadcaster.publishSticky("connection", "", Map.of("subscribed", connection.subscribed(),
                    "detail", connection.detail()));
            return;
        }
        if (broadcaster.clients() == 0) {
            return; // nobody listens: spare the scheduler's thread the counting
        }
        try {
            switch (event) {
                case BackendEvent.TaskChanged changed -> {
                    broadcaster.publish("task", changed.project(), changed.task().get());
                    backend.project(changed.project()).ifPresent(p -> p.plan().stream()
                            .filter(s -> s.service().equals(changed.service()))
                            .forEach(s -> publishStatus(p, s)));
                }
                case BackendEvent.ProjectApplied applied -> {
                    broadcaster.publish("project", applied.project(), change(applied.project(), applied.version(), "applied"));
                    backend.project(applied.project()).ifPresent(p -> p.plan().forEach(s -> publishStatus(p, s)));
                }
                case BackendEvent.ProjectKilled killed -> {
                    long version = backend.project(killed.project()).map(ProjectInfo::version).orElse(0L);
                    broadcaster.publish("project", killed.project(), change(killed.project(), version, "killed"));
                }
                case BackendEvent.ConnectionChanged connection -> { } // relayed above
            }
        } catch (RuntimeException e) {
            // Called on the scheduler's thread: a failure here must not reach it.
            log.warn("event {} not relayed to stream clients", event.getClass().getSimpleName(), e);
        }
    }

    /** From the backend's counts of the project, which it keeps per state: not a count per event. */
    private void publishStatus(ProjectInfo project, PlannedService service) {
        backend.status(project).services().stream().filter(s -> s.service().equals(service.service())).findFirst()
                .ifPresent(status -> broadcaster.publish("service", project.name(), status));
    }

    private static Map<String, Object> change(String project, long version, String change) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("project", project);
        data.put("version", version);
        data.put("change", change);
        return data;
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            log.warn("unsubscribing from the backend failed", e);
        }
    }
}
