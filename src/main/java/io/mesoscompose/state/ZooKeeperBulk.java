package io.mesoscompose.state;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.KeeperException;

/**
 * Many reads of a ZooKeeper state at once: every request is sent before the first answer is awaited, so ZooKeeper's
 * client pipelines them over its one connection (reading 10,000 tasks takes a few hundred round trips' time, not
 * 10,000). A node that is missing is left out of the answer.
 */
final class ZooKeeperBulk {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ZooKeeperBulk() {}

    /** The data of each existing node. */
    static Map<String, byte[]> data(CuratorFramework zk, Collection<String> paths) {
        return collect(paths, path -> {
            CompletableFuture<Optional<byte[]>> answer = new CompletableFuture<>();
            zk.getData().inBackground((client, event) -> complete(answer, event, Optional.ofNullable(event.getData())))
                    .forPath(path);
            return answer;
        });
    }

    /** The children of each existing node. */
    static Map<String, List<String>> children(CuratorFramework zk, Collection<String> paths) {
        return collect(paths, path -> {
            CompletableFuture<Optional<List<String>>> answer = new CompletableFuture<>();
            zk.getChildren().inBackground((client, event) -> complete(answer, event, Optional.of(event.getChildren())))
                    .forPath(path);
            return answer;
        });
    }

    /** The number of children of each existing node (0 for a leaf). */
    static Map<String, Integer> childCounts(CuratorFramework zk, Collection<String> paths) {
        return collect(paths, path -> {
            CompletableFuture<Optional<Integer>> answer = new CompletableFuture<>();
            zk.checkExists().inBackground((client, event) -> complete(answer, event,
                    Optional.ofNullable(event.getStat()).map(stat -> stat.getNumChildren()))).forPath(path);
            return answer;
        });
    }

    private interface Request<T> {
        CompletableFuture<Optional<T>> send(String path) throws Exception;
    }

    private static <T> void complete(CompletableFuture<Optional<T>> answer, CuratorEvent event, Optional<T> value) {
        KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
        switch (code) {
            case OK -> answer.complete(value);
            case NONODE -> answer.complete(Optional.empty());
            default -> answer.completeExceptionally(KeeperException.create(code, event.getPath()));
        }
    }

    private static <T> Map<String, T> collect(Collection<String> paths, Request<T> request) {
        Map<String, CompletableFuture<Optional<T>>> pending = new HashMap<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            for (String path : paths) {
                pending.put(path, request.send(path));
            }
            Map<String, T> out = new HashMap<>();
            for (Map.Entry<String, CompletableFuture<Optional<T>>> e : pending.entrySet()) {
                long left = Math.max(0, deadline - System.nanoTime());
                e.getValue().get(left, TimeUnit.NANOSECONDS).ifPresent(v -> out.put(e.getKey(), v));
            }
            return out;
        } catch (ExecutionException e) {
            throw new StateStoreException("ZooKeeper: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StateStoreException("ZooKeeper did not answer " + paths.size() + " reads within "
                    + TIMEOUT.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreException("interrupted while reading from ZooKeeper", e);
        } catch (Exception e) {
            throw new StateStoreException("ZooKeeper: " + e.getMessage(), e);
        }
    }
}
