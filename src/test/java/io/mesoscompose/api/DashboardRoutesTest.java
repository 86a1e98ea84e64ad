package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's files: served from the jar by a fixed table, behind the API's credentials. */
class DashboardRoutesTest {
    private LoopbackApi api;

    @BeforeEach
    void start() throws Exception {
        api = new LoopbackApi(new DashboardRoutes().register(new Router()));
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    @Test
    void everyFileOfTheTableIsInTheJarAndEveryFileOfTheFolderIsInTheTable() throws Exception {
        for (String name : DashboardRoutes.FILES.keySet()) {
            try (InputStream in = DashboardRoutes.class.getResourceAsStream("/dashboard/" + name)) {
                assertThat(in).as(name).isNotNull();
                assertThat(in.readAllBytes()).as(name).isNotEmpty();
            }
        }
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/dashboard"))) {
            Set<String> present = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertThat(present).isEqualTo(DashboardRoutes.FILES.keySet());
        }
    }

    @Test
    void eachFileIsServedWithItsContentTypeAndAPolicyThatAllowsOnlyThisServer() throws Exception {
        HttpResponse<String> page = api.send("GET", "/ui", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\">");
        assertThat(api.send("GET", "/ui/app.js", null).headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(api.send("GET", "/ui/dashboard.css", null).headers().firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
    }

    @Test
    void anyOtherNameIsNotFoundAndNoPathLeavesTheTable() throws Exception {
        for (String path : new String[] {"/ui/secret.txt", "/ui/..%2Fapi%2FComposeApi.class", "/ui/%2e%2e/pom.xml",
                "/ui/dashboard/index.html"}) {
            HttpResponse<String> response = api.send("GET", path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
        }
        assertThat(api.send("GET", "/ui/..%2F..%2Fpom.xml", null).body()).contains("the dashboard has no file");
    }

    @Test
    void theDashboardNeedsTheApisCredentialsAndTheRootLeadsToIt() throws Exception {
        assertThat(api.send("GET", "/ui", null, null).statusCode()).isEqualTo(401);
        assertThat(api.send("GET", "/ui/app.js", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> root = api.send("GET", "/", null);
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/ui");
    }
}
