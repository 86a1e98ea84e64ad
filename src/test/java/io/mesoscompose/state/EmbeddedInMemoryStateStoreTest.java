package io.mesoscompose.state;

/** The contract against the in-memory store used by tests and dry runs; "reopening" it is keeping it. */
class EmbeddedInMemoryStateStoreTest extends StateStoreContract {

    @Override
    protected StateStore create() {
        return EmbeddedStateStore.inMemory();
    }

    @Override
    protected StateStore reopen(StateStore open) {
        return open;
    }
}
