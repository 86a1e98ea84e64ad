package io.mesoscompose.compose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A table of compose-go path patterns ({@code services.*.environment}): keys from the document root, where
 * {@code *} stands for any one key — a service, network or volume name, or a ulimit. Looked up with a few hash
 * lookups per path, as the loader asks for every key of every service.
 */
final class PathTable<V> {
    private final Map<List<String>, V> patterns = new HashMap<>();
    private final Set<List<String>> prefixes = new HashSet<>();
    private final Set<Integer> wildcards = new HashSet<>();

    void put(String pattern, V value) {
        List<String> p = Arrays.asList(pattern.split("\\."));
        patterns.put(p, value);
        for (int i = 0; i < p.size(); i++) {
            prefixes.add(List.copyOf(p.subList(0, i)));
            if (p.get(i).equals("*")) {
                wildcards.add(i);
            }
        }
    }

    /** The value of the pattern {@code path} fits, if any. */
    Optional<V> get(List<String> path) {
        for (List<String> candidate : candidates(path)) {
            V v = patterns.get(candidate);
            if (v != null) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** Whether a longer path starting with {@code path} can fit a pattern. */
    boolean leadsSomewhere(List<String> path) {
        return candidates(path).stream().anyMatch(prefixes::contains);
    }

    /** The path as written, then with each combination of its wildcard positions replaced by {@code *}. */
    private List<List<String>> candidates(List<String> path) {
        List<List<String>> out = new ArrayList<>();
        out.add(path);
        for (int position : wildcards) {
            if (position < path.size()) {
                int known = out.size();
                for (int i = 0; i < known; i++) {
                    List<String> c = new ArrayList<>(out.get(i));
                    c.set(position, "*");
                    out.add(c);
                }
            }
        }
        return out;
    }
}
