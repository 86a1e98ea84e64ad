package io.mesoscompose.plan;

import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects what the plan had to drop or change about one service, as warnings pointing at the service. */
final class Warnings {
    private final List<Diagnostic> found = new ArrayList<>();
    private final Service service;

    Warnings(Service service) {
        this.service = service;
    }

    void add(String field, String message, String hint) {
        add(service.position(), field, message, hint);
    }

    void add(SourcePosition position, String field, String message, String hint) {
        found.add(new Diagnostic(Diagnostic.Severity.WARNING, position, Optional.of(service.name()), field, message,
                Optional.ofNullable(hint)));
    }

    /** Something the plan cannot honour with the framework's settings: the project is refused. */
    void error(String field, String message, String hint) {
        error(service.position(), field, message, hint);
    }

    void error(SourcePosition position, String field, String message, String hint) {
        found.add(new Diagnostic(Diagnostic.Severity.ERROR, position, Optional.of(service.name()), field, message,
                Optional.ofNullable(hint)));
    }

    List<Diagnostic> list() {
        return List.copyOf(found);
    }
}
