package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/compose-reference.md is the readable form of {@link KnownFields}: every field the reader knows is in it. */
class ComposeReferenceDocTest {

    @Test
    void everyKnownFieldIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs/compose-reference.md"));
        Set<String> fields = new TreeSet<>(KnownFields.allServiceFields());
        fields.addAll(KnownFields.TOP_MAPPED);
        fields.addAll(KnownFields.TOP_OTHER.keySet());
        assertThat(fields).allSatisfy(f -> assertThat(doc).contains("`" + f + "`"));
    }

    @Test
    void everyIgnoredOrRefusedFieldHasItsReasonInTheDoc() throws IOException {
        String doc = Files.readString(Path.of("docs/compose-reference.md"));
        KnownFields.SERVICE_OTHER.forEach((field, rule) -> assertThat(doc).contains(rule.reason()));
    }
}
