package io.mesoscompose.compose;

import io.mesoscompose.compose.model.SourcePosition;
import java.util.Optional;

/**
 * One finding about a compose file: an error (the file is refused) or a warning (a field is ignored or changed
 * meaning on Mesos). Errors are collected, never thrown one at a time, so the user sees all of them at once.
 *
 * <p>Printed as {@code file:line:column: error: service "app": ports[2]: "8080:abc" is not a port; expected ...}.
 *
 * @param service the service it concerns, if any
 * @param field   the path of the field inside the service or file, e.g. {@code deploy.resources.limits.cpus}
 * @param hint    what to do instead, or a did-you-mean suggestion
 */
public record Diagnostic(
        Severity severity,
        SourcePosition position,
        Optional<String> service,
        String field,
        String message,
        Optional<String> hint) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder()
                .append(position).append(": ")
                .append(severity == Severity.ERROR ? "error" : "warning").append(": ");
        service.ifPresent(name -> s.append("service \"").append(name).append("\": "));
        if (!field.isEmpty()) {
            s.append(field).append(": ");
        }
        s.append(message);
        hint.ifPresent(h -> s.append(" (").append(h).append(')'));
        return s.toString();
    }
}
