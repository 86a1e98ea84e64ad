package io.mesoscompose.compose;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The files a compose file names ({@code env_file}, {@code extends.file}, {@code include}) are relative to the
 * directory it is read from: the project directory for the {@code -f} files, the other file's directory for a
 * service it extends, the include's project directory for an included file (compose-go paths/resolve.go). The
 * loader turns them into paths relative to the project directory right after reading a file, so every later step
 * (and {@link LoadRequest#readFile()}) sees one kind of path. String work only, no file system.
 */
final class RelativePaths {

    private RelativePaths() {}

    /** {@code path} seen from {@code dir} (relative to the project directory; "" is the project directory). */
    static String join(String dir, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        try {
            String joined = Path.of(dir).resolve(path).normalize().toString();
            return joined.isEmpty() ? "." : joined;
        } catch (InvalidPathException e) {
            return path;
        }
    }

    /** The directory of a file path ("" for a file in the project directory). */
    static String dirOf(String file) {
        try {
            Path parent = Path.of(file).getParent();
            return parent == null ? "" : parent.toString();
        } catch (InvalidPathException e) {
            return "";
        }
    }

    /** Rewrites, in place, the paths a freshly read document names so that they are relative to the project. */
    static void rebase(MappingNode document, String dir) {
        Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
        TreeMerge.get(document, "services").filter(MappingNode.class::isInstance).ifPresent(all -> {
            for (NodeTuple service : ((MappingNode) all).getValue()) {
                if (service.getValueNode() instanceof MappingNode s && done.add(s)) {
                    rewrite(s, "env_file", dir, done);
                    TreeMerge.get(s, "extends").filter(MappingNode.class::isInstance)
                            .ifPresent(e -> rewrite((MappingNode) e, "file", dir, done));
                }
            }
        });
        TreeMerge.get(document, "include").filter(SequenceNode.class::isInstance).ifPresent(list -> {
            List<Node> items = ((SequenceNode) list).getValue();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof MappingNode item && done.add(item)) {
                    for (String key : List.of("path", "env_file", "project_directory")) {
                        rewrite(item, key, dir, done);
                    }
                } else if (items.get(i) instanceof ScalarNode path) {
                    items.set(i, moved(path, dir));
                }
            }
        });
    }

    /** The value of {@code key}: a path, a list of paths, or a list of {@code {path: …}} entries. */
    private static void rewrite(MappingNode map, String key, String dir, Set<Node> done) {
        List<NodeTuple> tuples = map.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            NodeTuple t = tuples.get(i);
            if (!key.equals(TreeMerge.keyOf(t))) {
                continue;
            }
            switch (t.getValueNode()) {
                case ScalarNode s when !Values.isNull(s) -> tuples.set(i, new NodeTuple(t.getKeyNode(), moved(s, dir)));
                case SequenceNode seq when done.add(seq) -> {
                    List<Node> items = seq.getValue();
                    for (int j = 0; j < items.size(); j++) {
                        if (items.get(j) instanceof ScalarNode s && !Values.isNull(s)) {
                            items.set(j, moved(s, dir));
                        } else if (items.get(j) instanceof MappingNode entry && done.add(entry)) {
                            rewrite(entry, "path", dir, done);
                        }
                    }
                }
                default -> { }
            }
        }
    }

    private static ScalarNode moved(ScalarNode s, String dir) {
        return new ScalarNode(s.getTag(), true, join(dir, s.getValue()), s.getScalarStyle(), s.getStartMark(),
                s.getEndMark());
    }
}
