package io.mesoscompose.state;

import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.Profiles;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.compose.model.SourcePosition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which interpolation variables a {@link ProjectRecord} may keep. The variables handed to a project can be a whole
 * process environment (tokens, passwords of the framework itself), and the state is a file or a Redis database that
 * others may read. So a record keeps only the variables its compose sources reference (and the active profiles,
 * {@code COMPOSE_PROFILES}, which decide the services), and refuses a referenced one
 * that is named like a secret unless its value is a Vault reference: secrets belong in Vault, not in the state.
 */
public final class StoredVariables {

    private static final Pattern SECRET_NAME = Pattern.compile(
            "PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY",
            Pattern.CASE_INSENSITIVE);

    private StoredVariables() {}

    /**
     * The variables of {@code variables} that the sources reference.
     *
     * @throws IllegalArgumentException naming (never showing) the referenced variables that look like secrets
     */
    public static Map<String, String> keep(List<SourceFile> sources, Map<String, String> variables) {
        Map<String, String> kept = referenced(sources, variables);
        refusal(sources, kept).ifPresent(d -> {
            throw new IllegalArgumentException(d.message() + ": " + d.hint().orElseThrow());
        });
        return kept;
    }

    /**
     * Why a project with these sources and variables cannot be stored, as a finding to show the user before
     * anything is changed: empty when no referenced variable looks like a secret.
     */
    public static Optional<Diagnostic> refusal(List<SourceFile> sources, Map<String, String> variables) {
        List<String> secrets = secretLike(referenced(sources, variables));
        if (secrets.isEmpty()) {
            return Optional.empty();
        }
        String where = sources.isEmpty() ? "<no file>" : sources.getFirst().name();
        return Optional.of(new Diagnostic(Diagnostic.Severity.ERROR, new SourcePosition(where, 0, 0),
                Optional.empty(), "", "the variable(s) " + String.join(", ", secrets) + " look like secrets, and "
                + "mesos-compose keeps no secret in its state",
                Optional.of("store the value in Vault and write vault://<path>:<key> in the service's environment")));
    }

    private static Map<String, String> referenced(List<SourceFile> sources, Map<String, String> variables) {
        Set<String> names = referencedNames(sources);
        Map<String, String> kept = new TreeMap<>();
        variables.forEach((name, value) -> {
            if (names.contains(name) || name.equals(Profiles.VARIABLE)) { // the loader reads it, named or not
                kept.put(name, value);
            }
        });
        return kept;
    }

    /** Names among {@code variables} that look like secrets and whose value is not a {@code vault://} reference. */
    public static List<String> secretLike(Map<String, String> variables) {
        return variables.entrySet().stream()
                .filter(e -> SECRET_NAME.matcher(e.getKey()).find() && !e.getValue().startsWith("vault://"))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * Every name the sources could interpolate: {@code $NAME} and {@code ${NAME…}} (nested defaults included), not
     * {@code $$}. Comments are not told apart: keeping a variable too many is harmless, one too few is not.
     */
    static Set<String> referencedNames(List<SourceFile> sources) {
        Set<String> names = new TreeSet<>();
        for (SourceFile source : sources) {
            String text = source.content();
            int i = 0;
            while (i < text.length() - 1) {
                if (text.charAt(i) != '$') {
                    i++;
                    continue;
                }
                char next = text.charAt(i + 1);
                if (next == '$') {
                    i += 2;  // an escaped dollar
                    continue;
                }
                int start = next == '{' ? i + 2 : i + 1;
                int end = start;
                while (end < text.length() && isNamePart(text.charAt(end), end == start)) {
                    end++;
                }
                if (end > start) {
                    names.add(text.substring(start, end));
                }
                i = Math.max(end, i + 1);
            }
        }
        return names;
    }

    private static boolean isNamePart(char c, boolean first) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
    }
}
