package io.mesoscompose.compose;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * What one load carries through its files, includes and extends: where findings go, the reader for other files,
 * and the files already read for {@code extends} (read once per load and per set of variables). Lives for one call
 * of {@link ComposeLoader#load}.
 */
final class Loading {

    /** How deep includes and extends may nest; deeper is a cycle the path names did not reveal. */
    static final int MAX_DEPTH = 32;

    /** How many files one load may include in all (a file that includes itself twice would otherwise explode). */
    static final int MAX_INCLUDES = 200;

    final Diagnostics d;
    private int includes;
    private final Function<String, Optional<String>> readFile;
    private final Map<Map<String, String>, Map<String, Optional<Extends.OtherFile>>> otherFiles =
            new IdentityHashMap<>();

    Loading(Diagnostics d, Function<String, Optional<String>> readFile) {
        this.d = d;
        this.readFile = readFile;
    }

    /** A file the compose files name; when it cannot be read, an error at {@code at} says so. */
    Optional<String> read(String path, Node at, String service, String field) {
        Optional<String> text = readFile.apply(path);
        if (text.isEmpty()) {
            d.error(at, service, field, "\"" + path + "\" cannot be read here", "check that the file exists next to"
                    + " the compose file; mesos-compose up sends the files the compose files name, but a client that"
                    + " sends only compose files (the Mesos CLI's compose plugin, the v0 API) cannot use include,"
                    + " extends of another file or env_file");
        }
        return text;
    }

    /** Counts one more include; false (with an error at {@code at}) once there are too many. */
    boolean mayInclude(Node at) {
        if (++includes > MAX_INCLUDES) {
            if (includes == MAX_INCLUDES + 1) {
                d.error(at, null, "include", "more than " + MAX_INCLUDES + " files are included; is there a cycle?");
            }
            return false;
        }
        return true;
    }

    /** A file that may be missing (an include's .env). */
    Optional<String> readIfPresent(String path) {
        return readFile.apply(path);
    }

    /** The file a service extends, read and prepared once for these variables. */
    Optional<Extends.OtherFile> otherFile(String path, Node at, String service, Map<String, String> env,
                                          Function<String, Optional<Extends.OtherFile>> load) {
        Map<String, Optional<Extends.OtherFile>> known = otherFiles.computeIfAbsent(env, e -> new HashMap<>());
        Optional<Extends.OtherFile> file = known.get(path);
        if (file == null) {
            file = read(path, at, service, "extends.file").flatMap(text -> load.apply(text));
            known.put(path, file);
        }
        return file;
    }
}
