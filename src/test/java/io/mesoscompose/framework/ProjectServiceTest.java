package io.mesoscompose.framework;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoscompose.api.UnavailableException;
import io.mesoscompose.state.FencedWriteException;
import io.mesoscompose.state.StateStoreException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What an operation's caller learns when the scheduler could not carry it out. */
class ProjectServiceTest {

    @Test
    void aCommitTheStoreRefusedIsUnavailableNotAnInternalError() {
        assertThatThrownBy(() -> ProjectService.await(CompletableFuture.failedFuture(new StateStoreException(
                "ZooKeeper refused a commit (nothing of it was written): ConnectionLoss")), "scale shop/web"))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("scale shop/web: nothing was changed, the state could not be written (ZooKeeper refused a "
                        + "commit (nothing of it was written): ConnectionLoss); try again");
    }

    @Test
    void aCommitFencedOffByANewerLeaderSaysLeadershipMoved() {
        assertThatThrownBy(() -> ProjectService.await(CompletableFuture.failedFuture(new FencedWriteException(
                "epoch 4 is stale, the state belongs to epoch 5")), "apply shop"))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("this instance lost its leadership meanwhile (epoch 4 is stale");
    }

    @Test
    void otherFailuresPassUnchanged() {
        assertThatThrownBy(() -> ProjectService.await(CompletableFuture.failedFuture(
                new IllegalArgumentException("no service web")), "scale shop/web"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no service web");
    }
}
