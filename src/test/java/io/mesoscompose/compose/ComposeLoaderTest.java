package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

class ComposeLoaderTest {

    private static LoadResult load(Map<String, String> env, SourceFile... files) {
        return ComposeLoader.load(new LoadRequest(List.of(files), Optional.of("p"), env, f -> Optional.empty()));
    }

    private static String messages(LoadResult r) {
        return r.diagnostics().toString();
    }

    @Test
    void syntaxErrorInSecondFileHasItsPosition() {
        LoadResult r = load(Map.of(), new SourceFile("a.yml", "services: {}\n"),
                new SourceFile("b.yml", "services:\n  web:\n    image: [x\n"));
        assertThat(r.project()).isEmpty();
        assertThat(r.diagnostics()).anySatisfy(d -> assertThat(d.toString()).startsWith("b.yml:").contains("invalid YAML"));
    }

    @Test
    void duplicateKeyIsAnErrorWithPosition() {
        Diagnostics d = new Diagnostics();
        YamlParser.parse(new SourceFile("c.yml", "services:\n  a: {}\n  a: {}\n"), d);
        assertThat(d.all()).singleElement().satisfies(x -> assertThat(x.toString()).startsWith("c.yml:3:3")
                .contains("duplicate key"));
    }

    @Test
    void mergeKeysApplyWithExplicitKeysWinning() {
        Diagnostics d = new Diagnostics();
        MappingNode root = YamlParser.parse(new SourceFile("m.yml", """
                x-a: &a {image: a, cpus: 1}
                x-b: &b {mem: 2}
                svc:
                  <<: [*a, *b]
                  image: mine
                """), d).orElseThrow();
        assertThat(d.all()).isEmpty();
        MappingNode svc = (MappingNode) TreeMerge.get(root, "svc").orElseThrow();
        assertThat(((ScalarNode) TreeMerge.get(svc, "image").orElseThrow()).getValue()).isEqualTo("mine");
        assertThat(((ScalarNode) TreeMerge.get(svc, "cpus").orElseThrow()).getValue()).isEqualTo("1");
        assertThat(((ScalarNode) TreeMerge.get(svc, "mem").orElseThrow()).getValue()).isEqualTo("2");
        assertThat(TreeMerge.get(svc, "<<")).isEmpty();
    }

    @Test
    void aliasBombIsRefused() {
        StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        LoadResult r = load(Map.of(), new SourceFile("bomb.yml", y.toString()));
        assertThat(r.project()).isEmpty();
        assertThat(messages(r)).contains("bomb.yml:1:1: error: the file expands through its aliases to more than"
                + " 2000000 YAML nodes; refused as an alias bomb");
    }

    @Test
    void manyAliasesOfOneAnchorAreFine() {
        StringBuilder y = new StringBuilder("x-base: &base {image: nginx}\nservices:\n");
        for (int i = 0; i < 500; i++) {
            y.append("  s").append(i).append(": *base\n");
        }
        LoadResult r = load(Map.of(), new SourceFile("many.yml", y.toString()));
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.project().orElseThrow().services()).hasSize(500);
    }

    @Test
    void interpolatesValuesNotKeysAndSkipsExtensions() {
        Diagnostics d = new Diagnostics();
        LoadResult r = load(Map.of("TAG", "1.2"), new SourceFile("i.yml", """
                x-raw: ${NOT_CHECKED:?no}
                services:
                  web:
                    image: nginx:${TAG}
                    x-also: $$ ${NOPE:?no}
                    labels: {k: $MISSING}
                """));
        assertThat(messages(r)).contains("MISSING").doesNotContain("NOT_CHECKED").doesNotContain("NOPE");
    }

    @Test
    void invalidInterpolationIsAnErrorWithPosition() {
        LoadResult r = load(Map.of(), new SourceFile("e.yml", "services:\n  web:\n    image: ${A!}\n"));
        assertThat(r.diagnostics()).anySatisfy(x -> assertThat(x.toString()).startsWith("e.yml:3:12")
                .contains("invalid interpolation"));
    }

    @Test
    void laterFileMergesOverEarlierKeepingEachFilesPositions() {
        MappingNode a = YamlParser.parse(new SourceFile("a", """
                services: {web: {image: a, ports: ["80"], command: [x, y], env: {A: "1"}}}
                """), new Diagnostics()).orElseThrow();
        MappingNode b = YamlParser.parse(new SourceFile("b", """
                services: {web: {image: b, ports: ["80", "443"], command: [z], env: {B: "2"}}}
                """), new Diagnostics()).orElseThrow();
        MappingNode web = web(TreeMerge.merge(a, b, new Diagnostics()));
        assertThat(((ScalarNode) TreeMerge.get(web, "image").orElseThrow()).getValue()).isEqualTo("b");
        assertThat(((SequenceNode) TreeMerge.get(web, "ports").orElseThrow()).getValue()).hasSize(3);
        assertThat(((SequenceNode) TreeMerge.get(web, "command").orElseThrow()).getValue()).hasSize(1);
        assertThat(((MappingNode) TreeMerge.get(web, "env").orElseThrow()).getValue()).hasSize(2);
        assertThat(Diagnostics.position(TreeMerge.get(web, "image").orElseThrow()).toString()).startsWith("b");
        // the inputs stay as they were: a node shared by aliases keeps its meaning elsewhere
        assertThat(((ScalarNode) TreeMerge.get(web(a), "image").orElseThrow()).getValue()).isEqualTo("a");
    }

    private static MappingNode web(MappingNode root) {
        return (MappingNode) TreeMerge.get((MappingNode) TreeMerge.get(root, "services").orElseThrow(), "web")
                .orElseThrow();
    }
}
