package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.Dependency;
import io.mesoscompose.compose.model.EnvValue;
import io.mesoscompose.compose.model.PortMapping;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.VolumeMount;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several {@code -f} files (and the documents of one file) merge as compose-go merges them. */
class MergeRulesTest {

    private static Service web(MemoryFiles files, String... main) {
        return files.project(main).services().get("web");
    }

    private static EnvValue literal(String v) {
        return new EnvValue.Literal(v);
    }

    @Test
    void environmentMergesKeyByKeyWhateverFormEachFileUses() {
        // compose-go override/merge_environment_test.go Test_mergeYamlEnvironmentMixed / Number / Sequence
        MemoryFiles files = MemoryFiles.of("a.yml", """
                        services:
                          web:
                            image: foo
                            environment: {FOO: BAR, N: 1, KEEP: kept}
                        """)
                .with("b.yml", """
                        services:
                          web:
                            environment: [QIX=ZOT, N=3, EMPTY=]
                        """);
        assertThat(web(files, "a.yml", "b.yml").environment()).containsExactly(
                Map.entry("FOO", literal("BAR")), Map.entry("KEEP", literal("kept")), Map.entry("N", literal("3")),
                Map.entry("QIX", literal("ZOT")), Map.entry("EMPTY", literal("")));
        // and the other way round: the base a list, the override a mapping (merge_labels_test.go Mixed)
        MemoryFiles labels = MemoryFiles.of("a.yml", "services: {web: {image: foo, labels: [FOO=BAR, X=1]}}")
                .with("b.yml", "services: {web: {labels: {QIX: ZOT, X: 2}}}");
        assertThat(web(labels, "a.yml", "b.yml").labels()).containsExactly(
                Map.entry("FOO", "BAR"), Map.entry("X", "2"), Map.entry("QIX", "ZOT"));
    }

    @Test
    void volumesAreUniqueByContainerPathTheLaterWinning() {
        // compose-go override/uncity_test.go Test_VolumeUnicity, loader/override_test.go TestOverrideVolume
        MemoryFiles files = MemoryFiles.of("a.yml", """
                        services:
                          web:
                            image: foo
                            volumes: ["/srv/a:/foo", "/srv/bar:/bar"]
                        """)
                .with("b.yml", "services: {web: {volumes: [\"/srv/b:/foo:ro\", \"/srv/new:/new\"]}}");
        assertThat(web(files, "a.yml", "b.yml").volumes()).extracting(VolumeMount::target, m -> m.source().orElseThrow(),
                VolumeMount::readOnly).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/foo", "/srv/b", true),
                org.assertj.core.groups.Tuple.tuple("/bar", "/srv/bar", false),
                org.assertj.core.groups.Tuple.tuple("/new", "/srv/new", false));
    }

    @Test
    void portsAreNotRepeated() {
        // compose-go override/uncity_test.go Test_PortsShortUnicity
        MemoryFiles files = MemoryFiles.of("a.yml", """
                        services:
                          web:
                            image: foo
                            ports: ["9080:80", "9081:81", "9080:80", "5000"]
                        """)
                .with("b.yml", "services: {web: {ports: [\"9081:81\", \"6060:6060/udp\"]}}");
        assertThat(web(files, "a.yml", "b.yml").ports()).extracting(PortMapping::containerPort)
                .containsExactly(80, 81, 5000, 6060);
    }

    @Test
    void dnsAndDnsSearchAreAppendedWithoutRepeats() {
        // compose-go override/merge_dns_test.go Test_mergeYamlDNSMixed
        MemoryFiles files = MemoryFiles.of("a.yml", """
                        services:
                          web:
                            image: foo
                            dns: [8.8.8.8, 10.10.10.10, 9.9.9.9]
                            dns_search: [dc1.example.com, dc2.example.com]
                        """)
                .with("b.yml", "services: {web: {dns: 9.9.9.9, dns_search: dc3.example.com}}");
        Service web = web(files, "a.yml", "b.yml");
        assertThat(web.options().dns()).containsExactly("8.8.8.8", "10.10.10.10", "9.9.9.9");
        assertThat(web.options().dnsSearch()).containsExactly("dc1.example.com", "dc2.example.com", "dc3.example.com");
    }

    @Test
    void commandIsReplacedAndDependsOnAndNetworksMergeAcrossListAndMappingForms() {
        // compose-go TestOverrideDepends_on, TestOverrideNetworks, mergeSpecials "services.*.command": override
        MemoryFiles files = MemoryFiles.of("a.yml", """
                        services:
                          web:
                            image: foo
                            command: [a, b]
                            depends_on: [db]
                            networks: [back]
                          db: {image: db}
                        networks: {back: {}}
                        """)
                .with("b.yml", """
                        services:
                          web:
                            command: [c]
                            depends_on:
                              db: {condition: service_healthy, required: false}
                            networks:
                              back: {aliases: [alias1, alias2]}
                        """);
        Service web = web(files, "a.yml", "b.yml");
        assertThat(web.command()).contains(new io.mesoscompose.compose.model.Command.ExecForm(java.util.List.of("c")));
        assertThat(web.dependsOn()).containsExactly(
                new Dependency("db", Dependency.Condition.HEALTHY, false, false));
        assertThat(web.networks()).singleElement().satisfies(n -> assertThat(n.aliases())
                .containsExactly("alias1", "alias2"));
    }

    @Test
    void resetRemovesWhatEarlierFilesDefined() {
        // compose-go loader/merge_reset_test.go Test_LoadWithReset, reset_test.go TestResetRemove
        MemoryFiles files = MemoryFiles.of("base.yml", """
                        services:
                          foo:
                            image: foo
                            build: {context: ., dockerfile: foo.Dockerfile}
                            environment: {FOO: BAR, KEEP: "1"}
                            ports: ["80"]
                        networks:
                          test: {name: test, external: true}
                        """)
                .with("override.yml", """
                        services:
                          foo:
                            build: !reset
                            environment:
                              FOO: !reset
                            ports: !reset []
                        networks:
                          test: !reset {}
                        """);
        LoadResult r = files.load("base.yml", "override.yml");
        assertThat(r.diagnostics()).isEmpty(); // no "build ignored" warning: build is gone
        ComposeProject p = r.project().orElseThrow();
        Service foo = p.services().get("foo");
        assertThat(foo.environment()).containsOnlyKeys("KEEP");
        assertThat(foo.ports()).isEmpty();
        assertThat(p.networks()).doesNotContainKey("test");
    }

    @Test
    void overrideReplacesInsteadOfMergingAlsoThroughAnchors() {
        // compose-go TestOverrideReplace, TestOverrideTagWithSharedAlias, TestResetTagWithSharedAlias
        MemoryFiles files = MemoryFiles.of("base.yml", """
                        services:
                          svc1: {image: alpine, ports: ["8080:80"], environment: {A: "1", B: "2"}}
                          svc2: {image: nginx, ports: ["9090:90"]}
                        networks:
                          net1: {external: true, name: external-net-1}
                          net2: {external: true, name: external-net-2}
                        """)
                .with("override.yml", """
                        x-override: &ov !override {}
                        x-reset-ports: &reset-ports
                          ports: !reset []
                        services:
                          svc1:
                            <<: *reset-ports
                            environment: !override {C: "3"}
                          svc2:
                            <<: *reset-ports
                        networks:
                          net1: *ov
                          net2: *ov
                        """);
        ComposeProject p = files.project("base.yml", "override.yml");
        assertThat(p.services().get("svc1").ports()).isEmpty();
        assertThat(p.services().get("svc2").ports()).isEmpty();
        assertThat(p.services().get("svc1").environment()).containsOnlyKeys("C");
        assertThat(p.networks().get("net1").external()).isFalse();
        assertThat(p.networks().get("net2").external()).isFalse();
    }

    @Test
    void theDocumentsOfOneFileMergeLikeSeveralFiles() {
        MemoryFiles files = MemoryFiles.of("c.yml", """
                services:
                  web: {image: a, environment: {A: "1"}}
                ---
                services:
                  web: {image: b, environment: [B=2]}
                """);
        Service web = web(files, "c.yml");
        assertThat(web.image()).isEqualTo("b");
        assertThat(web.environment()).containsOnlyKeys("A", "B");
    }

    @Test
    void mergingIntoAServiceSharedThroughAnAliasLeavesTheOtherUseAlone() {
        MemoryFiles files = MemoryFiles.of("a.yml", """
                        x-base: &base {image: base, environment: {A: "1"}}
                        services:
                          one: *base
                          two: *base
                        """)
                .with("b.yml", "services: {one: {image: changed, environment: {B: \"2\"}}}");
        ComposeProject p = files.project("a.yml", "b.yml");
        assertThat(p.services().get("one").image()).isEqualTo("changed");
        assertThat(p.services().get("two").image()).isEqualTo("base");
        assertThat(p.services().get("two").environment()).containsOnlyKeys("A");
    }

    @Test
    void aMappingCannotOverrideAListAndTheErrorSaysWhereBoth() {
        MemoryFiles files = MemoryFiles.of("a.yml", "services: {web: {image: a, volumes: [\"/x:/x\"]}}")
                .with("b.yml", "services:\n  web:\n    volumes: {x: y}\n");
        assertThat(files.errors("a.yml", "b.yml")).containsExactly("b.yml:3:14: error: services.web.volumes: cannot"
                + " merge a mapping into a list given at a.yml:1:37 (give the same form in both files)");
    }

    @Test
    void aServiceNamedLikeAnExtensionIsAnOrdinaryService() {
        // compose-go processExtensions: names under services/volumes/networks are the user's
        ComposeProject p = MemoryFiles.of("c.yml", "services: {x-foo: {image: a}, web: {image: b}}").project("c.yml");
        assertThat(p.services()).containsOnlyKeys("x-foo", "web");
    }
}
