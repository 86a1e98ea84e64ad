package io.mesoscompose.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.junit.jupiter.api.Test;

class FrameworkTest {

    @Test
    void theFirstSubscribeUsesTheIdReadBeforeTheLoadAndLaterOnesAskTheStore() {
        AtomicReference<Optional<String>> stored = new AtomicReference<>(Optional.of("fw-1"));
        Supplier<Optional<FrameworkID>> ids = Framework.frameworkIds(Optional.of("fw-1"), () -> {
            throw new AssertionError("the store is busy loading");
        });
        assertThat(ids.get()).map(FrameworkID::getValue).contains("fw-1");

        ids = Framework.frameworkIds(Optional.of("fw-1"), stored::get);
        ids.get();
        stored.set(Optional.empty()); // forgotten on request
        assertThat(ids.get()).isEmpty();
        stored.set(Optional.of("fw-2"));
        assertThat(ids.get()).map(FrameworkID::getValue).contains("fw-2");
    }
}
