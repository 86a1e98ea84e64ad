package io.mesoscompose.state;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Where a {@link ZooKeeperStateStore} keeps what, under its root path:
 *
 * <pre>
 * root/meta                     JSON {"schema_version", "framework_id"}
 * root/owner                    who writes: {"epoch", "mode", "holder", "id"}; its version counts the commits
 * root/lock                     ephemeral, while a process without --ha holds the state
 * root/projects/&lt;name&gt;          JSON of a ProjectRecord (parts as children 0, 1, … when larger than a chunk)
 * root/tasks/&lt;bucket&gt;/&lt;task ID&gt;  JSON of a TaskRecord; 64 buckets (00 … 3f) by the ID's hash
 * root/journal/&lt;commit&gt;         a commit too large for one multi-op, while it is applied
 * </pre>
 *
 * Tasks are spread over buckets so that no listing of children comes near ZooKeeper's 1 MB packet limit (a listing
 * of 10,000 task IDs in one node would be about 0.6 MB). Names are URL-encoded, so any ID is a valid znode name.
 */
record ZooKeeperLayout(String root) {

    static final int BUCKETS = 64;

    ZooKeeperLayout {
        if (!root.startsWith("/") || (root.length() > 1 && root.endsWith("/"))) {
            throw new IllegalArgumentException("the state's ZooKeeper path must be absolute, got \"" + root + "\"");
        }
    }

    String meta() {
        return child("meta");
    }

    String owner() {
        return child("owner");
    }

    String lock() {
        return child("lock");
    }

    String projects() {
        return child("projects");
    }

    String tasks() {
        return child("tasks");
    }

    String journal() {
        return child("journal");
    }

    String project(String name) {
        return projects() + "/" + encode(name);
    }

    String task(String taskId) {
        return bucket(Math.floorMod(taskId.hashCode(), BUCKETS)) + "/" + encode(taskId);
    }

    String bucket(int index) {
        return tasks() + "/" + String.format("%02x", index);
    }

    List<String> buckets() {
        return IntStream.range(0, BUCKETS).mapToObj(this::bucket).toList();
    }

    /** The nodes every state has, parents first. */
    List<String> tree() {
        return Stream.concat(Stream.of(root, projects(), tasks(), journal()),
                buckets().stream()).toList();
    }

    private String child(String name) {
        return (root.equals("/") ? "" : root) + "/" + name;
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
