package io.mesoscompose.client;

import io.mesoscompose.api.model.ServiceStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of an {@code up}: the latest counts per service and whether the deployment is done, failed or still
 * going. Pure: fed with {@link ServiceStatus}es from the event stream, rendered to text by {@link #lines()}.
 */
public final class UpProgress {

    /** Where the deployment stands. */
    public sealed interface State {
        record InProgress() implements State {}

        record Up() implements State {}

        record Failed(String service, String reason) implements State {}
    }

    private final String project;
    private final Map<String, ServiceStatus> services = new LinkedHashMap<>();

    public UpProgress(String project) {
        this.project = project;
    }

    /** @return true when this changed what is shown */
    public boolean update(ServiceStatus status) {
        if (!status.project().equals(project)) {
            return false;
        }
        ServiceStatus previous = services.put(status.service(), status);
        return !status.equals(previous);
    }

    public State state() {
        if (services.isEmpty()) {
            return new State.InProgress();
        }
        for (ServiceStatus s : services.values()) {
            if (s.failed() > 0) {
                return new State.Failed(s.service(), s.lastFailure().orElse(s.failed() + " task(s) failed"));
            }
        }
        return services.values().stream().allMatch(ServiceStatus::ready) ? new State.Up() : new State.InProgress();
    }

    /** One line per service, e.g. {@code  ✔ web      2/2 running} or {@code  … db  0/1 running, 1 pending: ...}. */
    public List<String> lines() {
        int width = services.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> out = new ArrayList<>();
        for (ServiceStatus s : services.values()) {
            String mark = s.failed() > 0 ? "✘" : s.ready() ? "✔" : "…";
            StringBuilder line = new StringBuilder(" ").append(mark).append(' ')
                    .append(String.format("%-" + width + "s", s.service())).append("  ");
            boolean job = "JOB".equals(s.lifecycle());
            line.append(s.running() + (job ? s.finished() : 0)).append('/').append(s.desired())
                    .append(job ? " started" : " running");
            List<String> extra = new ArrayList<>();
            if (s.staging() > 0) {
                extra.add(s.staging() + " staging");
            }
            if (job && s.finished() > 0) {
                extra.add(s.finished() + " finished");
            }
            if (s.failed() > 0) {
                extra.add(s.failed() + " failed" + s.lastFailure().map(f -> ": " + f).orElse(""));
            }
            if (s.pending() > 0) {
                extra.add(s.pending() + " pending" + s.pendingReason().map(r -> ": " + r).orElse(""));
            }
            if (!extra.isEmpty()) {
                line.append(", ").append(String.join(", ", extra));
            }
            out.add(line.toString());
        }
        return out;
    }

    /** {@code [+] Running 2/3}: services ready of all. */
    public String header() {
        long ready = services.values().stream().filter(ServiceStatus::ready).count();
        return "[+] Running " + ready + "/" + services.size();
    }

    public Optional<ServiceStatus> service(String name) {
        return Optional.ofNullable(services.get(name));
    }
}
