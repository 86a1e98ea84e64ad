package io.mesoscompose.state;

import java.nio.file.Path;

/**
 * The child process of {@link EmbeddedStateStoreCrashTest}: commits forever, commit k holding task {@code t<k>} and
 * the project at version k, and prints k once {@code commit} returned (acknowledged). Killed with {@code kill -9}.
 */
public final class CrashWriter {
    public static void main(String[] args) {
        StateStore store = EmbeddedStateStore.open(Path.of(args[0]));
        long k = store.project("p").map(ProjectRecord::version).orElse(0L);
        while (true) {
            k++;
            store.commit(new StateChange.PutTask(StateStoreContract.task("t" + k, "p", "TASK_RUNNING", 5)),
                    new StateChange.PutProject(StateStoreContract.project("p", k)));
            System.out.println(k);
            System.out.flush();
        }
    }
}
