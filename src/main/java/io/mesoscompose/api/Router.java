package io.mesoscompose.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps method + path to a handler. Templates are literal segments and {@code {name}} variables, matched segment by
 * segment; the first registered match wins (like gorilla/mux in the Go mesos-compose, whose route order this
 * API mirrors: {@code /tasks/{taskid}} before {@code /{project}/{service}}).
 *
 * <p>Paths are cleaned before routing ({@link #clean}): the Mesos CLI sends {@code //api/compose/v0/tasks} (it joins
 * the framework's {@code webui_url} and an endpoint that starts with {@code /} with another {@code /}), and a
 * {@code webui_url} ending in {@code /} doubles the slash of every request. gorilla/mux, under the Go project,
 * answers such paths with a 301 to the cleaned path; here they are served as the cleaned path at once.
 */
public final class Router {

    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    /** @param open served without authentication (health, versions) */
    public record Route(String method, String template, boolean open, Handler handler) {
        private static final String VAR = "{";

        Optional<Map<String, String>> match(String[] segments) {
            String[] parts = split(template);
            if (parts.length != segments.length) {
                return Optional.empty();
            }
            Map<String, String> vars = new LinkedHashMap<>();
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].startsWith(VAR) && parts[i].endsWith("}")) {
                    if (segments[i].isEmpty()) {
                        return Optional.empty();
                    }
                    vars.put(parts[i].substring(1, parts[i].length() - 1), URLDecoder.decode(segments[i], StandardCharsets.UTF_8));
                } else if (!parts[i].equals(segments[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(vars);
        }
    }

    /** The outcome of routing: a handler with its variables, or why there is none. */
    public sealed interface Match {
        record Found(Route route, Map<String, String> vars) implements Match {}

        record NotFound() implements Match {}

        record MethodNotAllowed(Set<String> allowed) implements Match {}
    }

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String template, Handler handler) {
        routes.add(new Route(method, template, false, handler));
        return this;
    }

    public Router addOpen(String method, String template, Handler handler) {
        routes.add(new Route(method, template, true, handler));
        return this;
    }

    public Match route(String method, String path) {
        String[] segments = split(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> vars = route.match(segments);
            if (vars.isEmpty()) {
                continue;
            }
            if (route.method().equalsIgnoreCase(method)) {
                return new Match.Found(route, vars.get());
            }
            allowed.add(route.method());
        }
        return allowed.isEmpty() ? new Match.NotFound() : new Match.MethodNotAllowed(allowed);
    }

    /**
     * The path as Go's {@code path.Clean} makes it (what gorilla/mux redirects to): repeated slashes become one,
     * {@code .} segments go, {@code ..} removes the segment before it (never above the root). Percent-encoded
     * characters stay encoded: {@code %2F} inside a segment is not a separator.
     */
    public static String clean(String rawPath) {
        List<String> kept = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!kept.isEmpty()) {
                    kept.remove(kept.size() - 1);
                }
                continue;
            }
            kept.add(segment);
        }
        return "/" + String.join("/", kept);
    }

    /** The segments between the leading and trailing slashes (no regular expression: this runs for every request). */
    private static String[] split(String path) {
        int from = 0;
        int to = path.length();
        while (from < to && path.charAt(from) == '/') {
            from++;
        }
        while (to > from && path.charAt(to - 1) == '/') {
            to--;
        }
        return from == to ? new String[0] : path.substring(from, to).split("/", -1);
    }
}
