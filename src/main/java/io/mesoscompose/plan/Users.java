package io.mesoscompose.plan;

import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.Service;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code user:} for the Mesos containerizer and {@code none}. Docker takes any {@code user[:group]} or
 * {@code uid[:gid]} as its {@code --user} parameter (see {@link Containers}); Mesos instead takes a user
 * <em>name</em> in CommandInfo.user and looks it up on the agent: the agent chowns the sandbox to it
 * (src/slave/paths.cpp createSandboxDirectory) and the launcher takes its uid, gid and groups from the agent's user
 * database before entering the container (src/slave/containerizer/mesos/launch.cpp). A name the agent lacks fails
 * every launch. So: a name is passed on; a group is dropped with a warning (the user's own groups apply); a numeric
 * uid is refused, since Mesos would look it up as a name.
 */
final class Users {
    /** A POSIX portable user name (as useradd accepts by default). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?");

    private Users() {}

    /** CommandInfo.user for a UCR or {@code none} task; empty for Docker and when the file names none. */
    static Optional<String> commandUser(Service s, ContainerType type, Warnings warnings) {
        if (type == ContainerType.DOCKER || s.options().user().isEmpty()) {
            return Optional.empty();
        }
        String user = s.options().user().get().strip();
        int colon = user.indexOf(':');
        String name = colon < 0 ? user : user.substring(0, colon);
        String kind = "container_type " + type.name().toLowerCase(Locale.ROOT);
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
            warnings.error("user", "\"" + user + "\" is a numeric uid; with " + kind + " Mesos runs the task as a"
                    + " user name that exists on the agent (CommandInfo.user), and a name it lacks fails every launch"
                    + " (TASK_DROPPED)", "name the user (e.g. user: nobody), or use container_type: docker, which"
                    + " takes any --user value");
            return Optional.empty();
        }
        if (!NAME.matcher(name).matches()) {
            warnings.error("user", "\"" + user + "\" is not a user name; with " + kind + " Mesos runs the task as a"
                    + " user name that exists on the agent (CommandInfo.user)", "e.g. user: nobody");
            return Optional.empty();
        }
        if (colon >= 0) {
            warnings.add("user", "the group \"" + user.substring(colon + 1) + "\" is not applied: with " + kind
                    + " Mesos runs the task as \"" + name + "\" with that user's own groups on the agent",
                    "write user: " + name);
        }
        return Optional.of(name);
    }
}
