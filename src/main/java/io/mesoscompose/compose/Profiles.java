package io.mesoscompose.compose;

import io.mesoscompose.compose.model.Dependency;
import io.mesoscompose.compose.model.Service;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Compose profiles (compose-go types/project.go WithProfiles, loader/validate.go checkConsistency): a service with
 * {@code profiles:} runs only when one of them is active ({@code *} activates all); a service without runs always.
 * The active profiles are the variable {@code COMPOSE_PROFILES} of the load (comma-separated), which the CLI sets
 * from {@code --profile} and the API from its {@code profiles} field. As in docker compose, a running service's
 * dependency on a disabled service does not enable it: it is an error, unless the dependency says
 * {@code required: false}, in which case it is dropped with a warning.
 */
public final class Profiles {

    public static final String VARIABLE = "COMPOSE_PROFILES";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private Profiles() {}

    /** {@code variables} with these profiles as the active ones (none given: the variables as they are). */
    public static Map<String, String> withProfiles(Map<String, String> variables, List<String> profiles) {
        if (profiles.isEmpty()) {
            return variables;
        }
        Map<String, String> out = new LinkedHashMap<>(variables);
        out.put(VARIABLE, String.join(",", profiles));
        return out;
    }

    /** The active profiles of a load: those {@code COMPOSE_PROFILES} names, comma-separated. */
    public static Set<String> active(Map<String, String> environment) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(environment.getOrDefault(VARIABLE, "").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    /** Each service's profiles (empty: always runs), read from the merged tree. */
    static Map<String, List<String>> declared(Map<String, Node> services, Diagnostics d) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        services.forEach((name, node) -> {
            List<String> profiles = new ArrayList<>();
            if (node instanceof MappingNode m) {
                Values v = new Values(d, name);
                TreeMerge.get(m, "profiles").ifPresent(p -> v.strings(p, "profiles", false).forEach(profile -> {
                    if (NAME.matcher(profile).matches()) {
                        profiles.add(profile);
                    } else {
                        v.error(p, "profiles", "\"" + profile + "\" is not a profile name; use letters, digits and"
                                + " '_', '.', '-', starting with a letter or digit");
                    }
                }));
            }
            out.put(name, profiles);
        });
        return out;
    }

    static boolean enabled(List<String> profiles, Set<String> active) {
        return profiles.isEmpty() || active.contains("*") || profiles.stream().anyMatch(active::contains);
    }

    /**
     * The running services, their dependencies on disabled services checked: a required one is an error naming
     * the profiles that would enable it, an optional one is dropped with a warning.
     */
    static Map<String, Service> dependenciesChecked(Map<String, Service> running, Map<String, List<String>> declared,
                                                    Diagnostics d) {
        Map<String, Service> out = new LinkedHashMap<>();
        running.forEach((name, s) -> {
            List<Dependency> kept = new ArrayList<>();
            for (Dependency dep : s.dependsOn()) {
                if (running.containsKey(dep.service()) || !declared.containsKey(dep.service())) {
                    kept.add(dep);
                    continue;
                }
                String profiles = String.join(", ", declared.get(dep.service()));
                if (dep.required()) {
                    d.add(Diagnostic.Severity.ERROR, s.position(), name, "depends_on", "depends on \"" + dep.service()
                            + "\", which is disabled: none of its profiles (" + profiles + ") is active",
                            "enable one with --profile " + declared.get(dep.service()).get(0) + " (or COMPOSE_PROFILES),"
                                    + " or mark the dependency required: false");
                } else {
                    d.add(Diagnostic.Severity.WARNING, s.position(), name, "depends_on", "\"" + dep.service()
                            + "\" is disabled (profiles " + profiles + "); this optional dependency is skipped", null);
                }
            }
            out.put(name, kept.size() == s.dependsOn().size() ? s : s.toBuilder().dependsOn(kept).build());
        });
        return out;
    }
}
