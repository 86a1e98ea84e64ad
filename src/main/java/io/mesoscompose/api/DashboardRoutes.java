package io.mesoscompose.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web dashboard: static files from the jar ({@code src/main/resources/dashboard/}), served under {@code /ui}
 * with the API's authentication. The page reads and changes everything through the v1 API and follows the event
 * stream; it has no routes of its own beyond its files.
 *
 * <pre>
 * GET /            302 to /ui
 * GET /ui          index.html
 * GET /ui/{file}   one of {@link #FILES}; anything else is 404
 * </pre>
 *
 * Files are looked up by name in a fixed table, never by joining a path, so no request can reach another resource.
 * They are read once, at start: a jar without them fails at once rather than on the first visit.
 */
public final class DashboardRoutes {
    public static final String PATH = "/ui";
    private static final String JS = "text/javascript; charset=utf-8";

    /** Every file of the dashboard, with its content type. */
    static final Map<String, String> FILES = files();

    /**
     * The page may load only its own files and talk only to this server; it may not be framed (clickjacking).
     * No inline script or style is used, so none is allowed.
     */
    private static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                    + " connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");

    private final Map<String, byte[]> content = new LinkedHashMap<>();

    public DashboardRoutes() {
        FILES.keySet().forEach(name -> content.put(name, read(name)));
    }

    public Router register(Router router) {
        return router
                .add("GET", "/", r -> new ApiResponse.Text(302, "", "text/plain; charset=utf-8",
                        Map.of("Location", PATH)))
                .add("GET", PATH, r -> file("index.html"))
                .add("GET", PATH + "/{file}", r -> file(r.var("file")));
    }

    private ApiResponse file(String name) {
        byte[] bytes = content.get(name);
        if (bytes == null) {
            return V1Routes.error(404, "the dashboard has no file " + name);
        }
        return new ApiResponse.Bytes(200, bytes, FILES.get(name), HEADERS);
    }

    private static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("index.html", "text/html; charset=utf-8");
        files.put("dashboard.css", "text/css; charset=utf-8");
        files.put("favicon.svg", "image/svg+xml");
        files.put("app.js", JS);
        files.put("api.js", JS);
        files.put("dom.js", JS);
        files.put("projects.js", JS);
        files.put("apply.js", JS);
        files.put("logs.js", JS);
        return Map.copyOf(files);
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard file " + name, e);
        }
    }
}
