package io.mesoscompose.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a project is loaded from: the compose files in merge order (as {@code -f a.yml -f b.yml}) and the other files
 * they name — {@code env_file}, {@code include}, {@code extends.file} — by the path the files name them with. The
 * client reads those next to its compose files and sends them along, so the framework loads exactly what
 * {@code validate} loaded on the client, and can load it again after a restart.
 *
 * @param attachments the other files' texts by path; a path the files name that is not here cannot be read
 */
public record ComposeInput(List<SourceFile> files, Map<String, String> attachments) {

    public ComposeInput {
        files = List.copyOf(files);
        attachments = attachments == null ? Map.of() : Map.copyOf(attachments);
    }

    /** Compose files only (a Go client, the v0 API): another file they name cannot be read. */
    public static ComposeInput of(List<SourceFile> files) {
        return new ComposeInput(files, Map.of());
    }

    /** The reader a {@link LoadRequest} takes for the other files. */
    public Function<String, Optional<String>> reader() {
        return path -> Optional.ofNullable(attachments.get(path));
    }

    /** Every text, compose files first, then the attachments by path: what variables may be referenced from. */
    public List<SourceFile> allTexts() {
        List<SourceFile> all = new ArrayList<>(files);
        new TreeMap<>(attachments).forEach((path, text) -> all.add(new SourceFile(path, text)));
        return all;
    }
}
