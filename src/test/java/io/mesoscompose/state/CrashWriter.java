package io.mesoscompose.state;

/**
 * The child process of the kill -9 crash tests: opens the store a spec names (see {@link StateStores}) and commits
 * forever. Commit k puts task {@code t<k>}, rewrites the filler tasks {@code f<i>} ({@value #FILLERS} unless the
 * fourth argument says otherwise) with attempt k, and puts project {@code p} at version k; then prints k
 * (acknowledged). Killed with {@code kill -9}. With {@code shared} as third argument it opens the store as a highly
 * available instance does and claims it with the clock's milliseconds as epoch.
 */
public final class CrashWriter {

    static final int FILLERS = 10;

    public static void main(String[] args) {
        String prefix = args.length > 1 ? args[1] : StateStores.DEFAULT_PREFIX;
        StateStore store = args.length > 2 && args[2].equals("shared") ? claimShared(args[0], prefix)
                : open(args[0], prefix);
        int fillers = args.length > 3 ? Integer.parseInt(args[3]) : FILLERS;
        long k = store.project("p").map(ProjectRecord::version).orElse(0L);
        while (true) {
            k++;
            java.util.List<StateChange> changes = new java.util.ArrayList<>();
            changes.add(new StateChange.PutTask(StateStoreContract.task("t" + k, "p", "TASK_RUNNING", 5)));
            for (int i = 0; i < fillers; i++) {
                changes.add(new StateChange.PutTask(filler(i, k)));
            }
            changes.add(new StateChange.PutProject(StateStoreContract.project("p", k)));
            try {
                store.commit(changes);
            } catch (StateStoreException e) {
                System.err.println("CrashWriter: commit " + k + " failed, stopping: " + e.getMessage());
                System.exit(2);
            }
            System.out.println(k);
            System.out.flush();
        }
    }

    /** Opens the store; a Redis one with a short lease, so the test gets in soon after killing its owner. */
    static StateStore open(String spec, String prefix) {
        return spec.startsWith("redis")
                ? RedisStateStore.open(StateStores.redisTarget(spec), prefix, null, TEST_LEASE)
                : StateStores.open(spec, prefix);
    }

    /** Opens the store shared and claims it with a newer epoch than any claim before (the clock's milliseconds). */
    static SharedStateStore claimShared(String spec, String prefix) {
        SharedStateStore store = StateStores.openShared(spec, prefix, 0);
        store.claim(System.currentTimeMillis());
        return store;
    }

    static final java.time.Duration TEST_LEASE = java.time.Duration.ofSeconds(3);

    /** Filler task i as commit k writes it: its attempt counter says which commit wrote it. */
    static TaskRecord filler(int i, long k) {
        TaskRecord t = StateStoreContract.task("f" + i, "p", "TASK_RUNNING", 3);
        return new TaskRecord(t.taskId(), t.project(), t.service(), i, t.projectVersion(), t.fingerprint(), t.agentId(),
                t.hostname(), t.state(), t.desired(), t.hostPorts(), t.message(), t.exitCode(), t.healthy(), (int) k,
                t.createdAt(), t.updatedAt(), t.history());
    }
}
