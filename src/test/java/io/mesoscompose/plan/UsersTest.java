package io.mesoscompose.plan;

import static io.mesoscompose.plan.InlinePlans.errors;
import static io.mesoscompose.plan.InlinePlans.plan;
import static io.mesoscompose.plan.InlinePlans.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

/**
 * {@code user:} as each containerizer takes it. Mesos' CommandInfo.user is a user name the agent looks up: it chowns
 * the sandbox to it (Apache Mesos src/slave/paths.cpp createSandboxDirectory, os::chown by name) and takes uid, gid and
 * groups from it before entering the container (src/slave/containerizer/mesos/launch.cpp, os::getuid(user) "before
 * changing the filesystem root"). A name the agent lacks fails the launch (TASK_DROPPED).
 */
class UsersTest {

    private static String file(String type, String user) {
        // container_type none runs a command, not an image: it needs the command (GoExtensionsTest).
        return "services:\n  s:\n    " + (type.equals("none") ? "command: run" : "image: i") + "\n    container_type: "
                + type + "\n    user: \"" + user + "\"\n";
    }

    private static TaskInfo template(String type, String user) {
        return plan(file(type, user)).services().get(0).template();
    }

    @Test
    void aNumericUidForTheMesosContainerizerIsRefusedNamingWhatToDoInstead() {
        ProjectPlan p = plan(file("mesos", "1000:1000"));
        assertThat(errors(p)).containsExactly("c.yml:3:5: error: service \"s\": user: \"1000:1000\" is a numeric uid;"
                + " with container_type mesos Mesos runs the task as a user name that exists on the agent"
                + " (CommandInfo.user), and a name it lacks fails every launch (TASK_DROPPED) (name the user (e.g."
                + " user: nobody), or use container_type: docker, which takes any --user value)");
        assertThat(p.services().get(0).template().getCommand().hasUser()).isFalse();
        assertThat(errors(plan(file("none", "1000")))).hasSize(1);
    }

    @Test
    void aUserNameBecomesCommandInfoUser() {
        assertThat(template("mesos", "nobody").getCommand().getUser()).isEqualTo("nobody");
        assertThat(template("none", "www-data").getCommand().getUser()).isEqualTo("www-data");
    }

    @Test
    void aGroupIsDroppedWithAWarningBecauseMesosUsesTheUsersOwnGroups() {
        ProjectPlan p = plan(file("mesos", "app:staff"));
        assertThat(p.services().get(0).template().getCommand().getUser()).isEqualTo("app");
        assertThat(errors(p)).isEmpty();
        assertThat(warnings(p)).contains("c.yml:3:5: warning: service \"s\": user: the group \"staff\" is not applied:"
                + " with container_type mesos Mesos runs the task as \"app\" with that user's own groups on the agent"
                + " (write user: app)");
    }

    @Test
    void somethingThatIsNoUserNameIsRefused() {
        assertThat(errors(plan(file("mesos", "my user")))).singleElement().asString()
                .contains("\"my user\" is not a user name");
    }

    @Test
    void dockerTakesAnyUserAsItsUserParameterAndNoCommandInfoUser() {
        TaskInfo t = template("docker", "1000:1000");
        assertThat(t.getCommand().hasUser()).isFalse();
        assertThat(t.getContainer().getDocker().getParametersList()).extracting(Parameter::getKey, Parameter::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("user", "1000:1000"));
        assertThat(errors(plan(file("docker", "1000:1000")))).isEmpty();
    }
}
