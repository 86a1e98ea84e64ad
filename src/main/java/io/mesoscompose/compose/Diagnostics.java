package io.mesoscompose.compose;

import io.mesoscompose.compose.model.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Collects the {@link Diagnostic}s of one load. Readers report and carry on, so a user sees every problem of a file
 * at once; the loader refuses the project when {@link #hasErrors()}.
 *
 * <p>Positions come from the YAML node a finding is about: its start mark carries the file name (the parser's
 * label), line and column. Nodes keep their own file's marks through interpolation and merging.
 */
public final class Diagnostics {

    private final List<Diagnostic> found = new ArrayList<>();

    public void error(Node at, String service, String field, String message) {
        add(Diagnostic.Severity.ERROR, position(at), service, field, message, null);
    }

    public void error(Node at, String service, String field, String message, String hint) {
        add(Diagnostic.Severity.ERROR, position(at), service, field, message, hint);
    }

    public void warning(Node at, String service, String field, String message, String hint) {
        add(Diagnostic.Severity.WARNING, position(at), service, field, message, hint);
    }

    public void add(Diagnostic.Severity severity, SourcePosition at, String service, String field, String message,
                    String hint) {
        found.add(new Diagnostic(severity, at, Optional.ofNullable(service), field == null ? "" : field, message,
                Optional.ofNullable(hint)));
    }

    public void add(Diagnostic finding) {
        found.add(finding);
    }

    public boolean hasErrors() {
        return found.stream().anyMatch(Diagnostic::isError);
    }

    /** In the order found. */
    public List<Diagnostic> all() {
        return List.copyOf(found);
    }

    /** The position of a node: file (the parser's label), 1-based line and column. */
    public static SourcePosition position(Node node) {
        if (node == null) {
            return SourcePosition.UNKNOWN;
        }
        Optional<Mark> mark = node.getStartMark();
        return mark.map(m -> new SourcePosition(m.getName(), m.getLine() + 1, m.getColumn() + 1))
                .orElse(SourcePosition.UNKNOWN);
    }
}
