package io.mesoscompose.state;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The shared-store contract against a real redis-server. */
class RedisSharedStateStoreTest extends SharedStateStoreContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServer server;
    private String prefix;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @BeforeEach
    void newState() {
        prefix = "shared" + PREFIXES.incrementAndGet();
    }

    private static RedisTarget target() {
        return new RedisTarget(server.host(), server.port(), 1, Optional.empty(), Optional.empty(), false);
    }

    @Override
    protected SharedStateStore openShared() {
        return RedisStateStore.openShared(target(), prefix, 0);
    }

    @Override
    protected StateStore openSingle() {
        return RedisStateStore.open(target(), prefix);
    }
}
