package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.Command;
import io.mesoscompose.compose.model.Dependency;
import io.mesoscompose.compose.model.EnvValue;
import io.mesoscompose.compose.model.PortMapping;
import io.mesoscompose.compose.model.Service;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code extends} as compose-go resolves it (loader/extends_test.go, override_test.go). */
class ExtendsTest {

    @Test
    void aServiceExtendsAnotherOfTheSameFileThroughAChain() {
        // TestLoadExtendsListener: foo extends bar extends wee extends last
        ComposeProject p = MemoryFiles.of("c.yml", """
                services:
                  foo: {image: busybox, extends: bar}
                  bar: {image: alpine, command: echo, extends: wee}
                  wee: {extends: last, command: echo, environment: {W: "1"}}
                  last: {image: python, environment: {L: "1"}}
                """).project("c.yml");
        Service foo = p.services().get("foo");
        assertThat(foo.image()).isEqualTo("busybox");
        assertThat(foo.command()).contains(new Command.StringForm("echo"));
        assertThat(foo.environment()).containsOnlyKeys("L", "W");
        assertThat(p.services().get("wee").image()).isEqualTo("python");
    }

    @Test
    void aServiceExtendsOneOfAnotherFileWithThatFilesRelativePaths() {
        // TestExtends, TestExtendsRelativePath, withdir/: nested extends.file and env_file relative to that file
        ComposeProject p = MemoryFiles.of("compose.yml", """
                        services:
                          test1:
                            extends: {file: sub/base.yml, service: base}
                            hostname: test1
                          test3:
                            extends: {file: sub/base.yml, service: another}
                        """)
                .with("sub/base.yml", """
                        services:
                          base:
                            image: base
                            env_file: ./base.env
                          another:
                            extends: {file: dir/deeper.yml, service: deep}
                        """)
                .with("sub/base.env", "FROM_FILE=yes\n")
                .with("sub/dir/deeper.yml", "services: {deep: {image: deep, ports: [\"8000:8000\"]}}")
                .project("compose.yml");
        Service test1 = p.services().get("test1");
        assertThat(test1.hostname()).contains("test1");
        assertThat(test1.environment()).containsEntry("FROM_FILE", new EnvValue.Literal("yes"));
        assertThat(p.services().get("test3").image()).isEqualTo("deep");
        assertThat(p.services().get("test3").ports()).extracting(PortMapping::containerPort).containsExactly(8000);
        assertThat(p.services()).containsOnlyKeys("test1", "test3"); // the base file's services are not imported
    }

    @Test
    void resetAndOverrideOfTheExtendingServiceApplyToTheBase() {
        // TestExtendsReset (testdata/extends/reset.yaml), TestLoadExtendsDependsOn, TestOverrideSelfExtends
        ComposeProject p = MemoryFiles.of("c.yml", """
                services:
                  init: {image: alpine, command: "sleep infinity"}
                  base:
                    extends: {service: init}
                    command: !reset
                  service_a: {image: a, depends_on: [service_c]}
                  service_b:
                    extends: service_a
                    depends_on: !override [service_a]
                  service_c: {image: c}
                """).project("c.yml");
        assertThat(p.services().get("base").command()).isEmpty();
        assertThat(p.services().get("service_b").dependsOn()).extracting(Dependency::service).containsExactly("service_a");
    }

    @Test
    void aListOfTheExtendingServiceIsAppendedAndMadeUnique() {
        // TestExtendsPortOverride: the same port in both is there once
        ComposeProject p = MemoryFiles.of("ports.yml", "services: {test: {image: test, ports: [\"8080:8080\"]}}")
                .with("c.yml", """
                        services:
                          test:
                            extends: {file: ports.yml, service: test}
                            ports: ["8080:8080", "9090:9090"]
                        """).project("c.yml");
        assertThat(p.services().get("test").ports()).extracting(PortMapping::containerPort).containsExactly(8080, 9090);
    }

    @Test
    void aCycleAMissingServiceAndAMissingServiceKeyAreErrorsWhereTheExtendsIs() {
        assertThat(MemoryFiles.of("c.yml", """
                services:
                  a: {image: x, extends: b}
                  b: {image: x, extends: a}
                """).errors("c.yml")).contains("c.yml:2:26: error: service \"a\": extends: circular extends: c.yml: a"
                + " → c.yml: b → c.yml: a");
        assertThat(MemoryFiles.of("c.yml", "services:\n  a: {image: x, extends: bse}\n  base: {image: y}\n")
                .errors("c.yml")).containsExactly("c.yml:2:26: error: service \"a\": extends: cannot extend service"
                + " \"a\": service \"bse\" is not in c.yml (did you mean `base`?)");
        // TestExtendsWihtMissingService: "extends.test.service is required"
        assertThat(MemoryFiles.of("c.yml", "services:\n  a: {image: x, extends: {file: o.yml}}\n").errors("c.yml"))
                .containsExactly("c.yml:2:26: error: service \"a\": extends: extends needs service: (the service"
                        + " to extend)");
    }

    @Test
    void anotherFileThatCannotBeReadIsAClearErrorAsOverTheApi() {
        LoadResult r = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml",
                "services:\n  a:\n    extends: {file: base.yml, service: b}\n")), java.util.Optional.of("p"),
                java.util.Map.of(), f -> java.util.Optional.empty()));
        assertThat(r.project()).isEmpty();
        assertThat(r.diagnostics()).singleElement().satisfies(d -> assertThat(d.toString()).startsWith(
                "c.yml:3:14: error: service \"a\": extends.file: \"base.yml\" cannot be read here (check that the"
                        + " file exists next to the compose file; mesos-compose up sends the files the compose files"
                        + " name"));
    }
}
