package io.mesoscompose.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.config.Setting.Group;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one list of settings is what docs/configuration.md and {@code serve --help} show. */
class SettingsTest {

    static final Path DOC = Path.of("docs", "configuration.md");
    static final String BEGIN = "<!-- settings: generated from config.Settings; SettingsTest checks it -->";
    static final String END = "<!-- end of settings -->";

    /** The settings section of docs/configuration.md as it must read. */
    static String markdown() {
        StringBuilder out = new StringBuilder();
        for (Group group : Group.values()) {
            out.append("\n### ").append(group.title()).append("\n\n| variable | default | meaning |\n|---|---|---|\n");
            for (Setting s : Settings.ALL) {
                if (s.group() == group) {
                    String shown = s.defaultValue().map(v -> "`" + v + "`").orElse(s.defaultText());
                    out.append("| `").append(s.name()).append("` | ").append(shown).append(" | ")
                            .append(s.meaning()).append(" |\n");
                }
            }
        }
        return out.toString();
    }

    @Test
    void docsListEverySettingWithItsDefaultAndMeaning() throws IOException {
        String doc = Files.readString(DOC);
        assertThat(doc).contains(BEGIN, END);
        String section = doc.substring(doc.indexOf(BEGIN) + BEGIN.length(), doc.indexOf(END));
        String expected = markdown() + "\n";
        if (!section.equals(expected)) {
            Path fresh = Path.of("target", "configuration-settings.md");
            Files.createDirectories(fresh.getParent());
            Files.writeString(fresh, expected);
            assertThat(section).as("docs/configuration.md between the settings markers; the expected text is in "
                    + fresh).isEqualTo(expected);
        }
    }

    @Test
    void everySettingHasOneNameAGroupAndAMeaning() {
        Set<String> names = new HashSet<>();
        for (Setting s : Settings.ALL) {
            assertThat(names.add(s.name())).as("declared once: " + s.name()).isTrue();
            assertThat(s.name()).matches("[A-Z][A-Z0-9_]*");
            assertThat(s.meaning()).isNotBlank().doesNotEndWith(".");
            assertThat(s.defaultText()).isNotBlank();
        }
        assertThat(Settings.BY_NAME).hasSameSizeAs(Settings.ALL);
    }

    @Test
    void helpListsEveryVariableWithItsDefault() {
        String help = Settings.helpText(100);
        for (Setting s : Settings.ALL) {
            assertThat(help).contains("    " + s.name() + "  (default:");
        }
        assertThat(help).contains("PORTRANGE_FROM  (default: 31000)").doesNotContain("`");
        assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
    }
}
