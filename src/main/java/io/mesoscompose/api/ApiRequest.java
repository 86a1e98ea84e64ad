package io.mesoscompose.api;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as a handler sees it: routed, authenticated, body already read (within the size limit).
 *
 * @param pathVars the {@code {name}} segments of the matched route, URL-decoded
 * @param user     the authenticated user, empty when the server runs open
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> pathVars,
        Map<String, List<String>> query,
        Headers headers,
        byte[] body,
        Optional<String> user) {

    public String var(String name) {
        String value = pathVars.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path variable " + name);
        }
        return value;
    }

    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
