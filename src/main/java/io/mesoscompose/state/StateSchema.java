package io.mesoscompose.state;

import java.util.Map;

/**
 * The layout version kept with the state, and the migration path. Version 1 is the first layout; a later version
 * adds a step here that rewrites older records in place, inside the same commit that raises the stored version.
 * A store written by a newer mesos-compose is refused rather than misread.
 */
final class StateSchema {

    static final String VERSION = "schema_version";
    static final String FRAMEWORK_ID = "framework_id";

    private StateSchema() {}

    /** Stamps a new store with the current version; refuses a newer one; migrates an older one (none exist yet). */
    static void checkAndMigrate(Map<String, String> meta) {
        String stored = meta.get(VERSION);
        if (stored == null) {
            meta.put(VERSION, Integer.toString(StateStore.SCHEMA_VERSION));
            return;
        }
        int version;
        try {
            version = Integer.parseInt(stored);
        } catch (NumberFormatException e) {
            throw new StateStoreException("the state's schema version \"" + stored + "\" is not a number");
        }
        if (version > StateStore.SCHEMA_VERSION) {
            throw new StateStoreException("the state was written by a newer mesos-compose (schema version " + version
                    + ", this one knows up to " + StateStore.SCHEMA_VERSION + "); upgrade mesos-compose");
        }
        // version < SCHEMA_VERSION: migration steps go here, oldest first, when version 2 exists.
    }
}
