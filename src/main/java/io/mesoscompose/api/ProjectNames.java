package io.mesoscompose.api;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which project names the API accepts. A project name becomes part of task names ({@code mc:project:service}) and
 * task IDs ({@code project_service.uuid}) and of URL paths, so it is kept to letters, digits, {@code -} and
 * {@code _}. {@code tasks} and {@code framework} are refused: in the v0 routes they name other resources.
 */
final class ProjectNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final Set<String> RESERVED = Set.of("tasks", "framework");

    private ProjectNames() {}

    /** Why {@code name} is not a usable project name, or empty when it is. */
    static Optional<String> problem(String name) {
        if (RESERVED.contains(name)) {
            return Optional.of("\"" + name + "\" cannot be a project name: the API uses it for another resource");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("\"" + name + "\" is not a valid project name: use up to 63 letters, digits, '-' or '_',"
                    + " starting with a letter or digit");
        }
        return Optional.empty();
    }
}
