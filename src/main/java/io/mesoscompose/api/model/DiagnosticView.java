package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.mesoscompose.compose.Diagnostic;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Diagnostic} as the API sends it: flat, with the position split into file, line and column so clients
 * (editors, CI annotations) can point at the place. {@code text} is the one-line form the CLI prints.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiagnosticView(
        String severity,
        String file,
        int line,
        int column,
        String service,
        String field,
        String message,
        String hint,
        String text) {

    public static DiagnosticView of(Diagnostic d) {
        return new DiagnosticView(
                d.severity().name().toLowerCase(Locale.ROOT),
                d.position().file(),
                d.position().line(),
                d.position().column(),
                d.service().orElse(null),
                d.field().isEmpty() ? null : d.field(),
                d.message(),
                d.hint().orElse(null),
                d.toString());
    }

    public static List<DiagnosticView> of(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(DiagnosticView::of).toList();
    }

    @JsonIgnore
    public boolean isError() {
        return "error".equals(severity);
    }
}
