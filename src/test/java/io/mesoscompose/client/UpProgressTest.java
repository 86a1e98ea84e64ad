package io.mesoscompose.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.api.model.ServiceStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpProgressTest {
    private static ServiceStatus status(String service, String lifecycle, int desired, int staging, int running,
                                        int finished, int failed, int pending, String reason, String failure) {
        return new ServiceStatus("shop", service, lifecycle, desired, staging, running, finished, failed, pending,
                Optional.ofNullable(reason), Optional.ofNullable(failure));
    }

    @Test
    void inProgressUntilEveryServiceRuns() {
        UpProgress progress = new UpProgress("shop");
        assertThat(progress.state()).isInstanceOf(UpProgress.State.InProgress.class);
        progress.update(status("web", "SERVICE", 2, 1, 1, 0, 0, 0, null, null));
        progress.update(status("db", "SERVICE", 1, 0, 0, 0, 0, 1, "no offer with 4 cpus (largest 2)", null));
        assertThat(progress.state()).isInstanceOf(UpProgress.State.InProgress.class);
        assertThat(progress.header()).isEqualTo("[+] Running 0/2");
        assertThat(progress.lines()).containsExactly(
                " … web  1/2 running, 1 staging",
                " … db   0/1 running, 1 pending: no offer with 4 cpus (largest 2)");
        progress.update(status("web", "SERVICE", 2, 0, 2, 0, 0, 0, null, null));
        progress.update(status("db", "SERVICE", 1, 0, 1, 0, 0, 0, null, null));
        assertThat(progress.state()).isInstanceOf(UpProgress.State.Up.class);
        assertThat(progress.lines()).containsExactly(" ✔ web  2/2 running", " ✔ db   1/1 running");
    }

    @Test
    void aJobThatFinishedCountsAsStarted() {
        UpProgress progress = new UpProgress("shop");
        progress.update(status("migrate", "JOB", 1, 0, 0, 1, 0, 0, null, null));
        assertThat(progress.state()).isInstanceOf(UpProgress.State.Up.class);
        assertThat(progress.lines()).containsExactly(" ✔ migrate  1/1 started, 1 finished");
    }

    @Test
    void aFailureEndsWithItsReason() {
        UpProgress progress = new UpProgress("shop");
        progress.update(status("web", "SERVICE", 1, 0, 0, 0, 1, 0, null, "task shop_web.1 TASK_FAILED (exit code 1): boom"));
        assertThat(progress.state()).isEqualTo(new UpProgress.State.Failed("web", "task shop_web.1 TASK_FAILED (exit code 1): boom"));
    }

    @Test
    void otherProjectsAndRepeatsChangeNothing() {
        UpProgress progress = new UpProgress("shop");
        ServiceStatus web = status("web", "SERVICE", 1, 1, 0, 0, 0, 0, null, null);
        assertThat(progress.update(web)).isTrue();
        assertThat(progress.update(web)).isFalse();
        assertThat(progress.update(new ServiceStatus("blog", "web", "SERVICE", 1, 0, 1, 0, 0, 0, Optional.empty(),
                Optional.empty()))).isFalse();
    }
}
