package io.mesoscompose.state;

import java.util.Map;

/**
 * The layout version kept with the state, and the migration path. A store written by a newer mesos-compose is
 * refused rather than misread; an older one is raised to the current version, and the store whose layout changed
 * rewrites its older records inside the same commit. Each store passes the version it writes: Redis and ZooKeeper
 * {@link StateStore#SCHEMA_VERSION} (1, the first layout), the embedded store its own
 * ({@link EmbeddedStateStore#SCHEMA_VERSION}: its task records changed form in version 2, theirs did not).
 */
final class StateSchema {

    static final String VERSION = "schema_version";
    static final String FRAMEWORK_ID = "framework_id";

    private StateSchema() {}

    /** Stamps a new store with the version Redis and ZooKeeper write; refuses a newer one (no older one exists). */
    static void checkAndMigrate(Map<String, String> meta) {
        upgrade(meta, StateStore.SCHEMA_VERSION);
    }

    /**
     * Stamps a new store with {@code current}; refuses a newer one; raises an older one to {@code current} and
     * returns the version it had, for the caller to rewrite its records in the same commit (the embedded store's
     * step 1 → 2). Returns {@code current} for a new store.
     */
    static int upgrade(Map<String, String> meta, int current) {
        String stored = meta.get(VERSION);
        if (stored == null) {
            meta.put(VERSION, Integer.toString(current));
            return current;
        }
        int version;
        try {
            version = Integer.parseInt(stored);
        } catch (NumberFormatException e) {
            throw new StateStoreException("the state's schema version \"" + stored + "\" is not a number");
        }
        if (version > current) {
            throw new StateStoreException("the state was written by a newer mesos-compose (schema version " + version
                    + ", this one knows up to " + current + "); upgrade mesos-compose");
        }
        if (version < current) {
            meta.put(VERSION, Integer.toString(current));
        }
        return version;
    }
}
