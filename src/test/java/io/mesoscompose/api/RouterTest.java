package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Path cleaning and the request target's path, as gorilla/mux (Go's path.Clean) and the Mesos CLI need them. */
class RouterTest {

    @Test
    void pathsAreCleanedAsGoPathCleanDoes() {
        assertThat(Router.clean("//api/compose/v0/tasks")).isEqualTo("/api/compose/v0/tasks");
        assertThat(Router.clean("///api//compose/v0/tasks/")).isEqualTo("/api/compose/v0/tasks");
        assertThat(Router.clean("/api/compose/./v0/x/../tasks")).isEqualTo("/api/compose/v0/tasks");
        assertThat(Router.clean("/../../api")).isEqualTo("/api");
        assertThat(Router.clean("")).isEqualTo("/");
        assertThat(Router.clean("/api/compose/v0/tasks/a%2Fb")).isEqualTo("/api/compose/v0/tasks/a%2Fb");
    }

    @Test
    void aTargetStartingWithTwoSlashesIsAPathNotAnAuthority() {
        assertThat(HttpApiServer.requestTargetPath(URI.create("//api/compose/v0/tasks"))).isEqualTo("//api/compose/v0/tasks");
        assertThat(HttpApiServer.requestTargetPath(URI.create("///api/compose/v0/tasks?x=1"))).isEqualTo("///api/compose/v0/tasks");
        assertThat(HttpApiServer.requestTargetPath(URI.create("/api/compose/v0/tasks"))).isEqualTo("/api/compose/v0/tasks");
        assertThat(HttpApiServer.requestTargetPath(URI.create("http://host:1/api/x?y"))).isEqualTo("/api/x");
    }

    @Test
    void aCleanedPathFindsItsRoute() {
        Router router = new Router().add("GET", "/api/compose/v0/tasks", r -> ApiResponse.json(200, "x"));
        assertThat(router.route("GET", Router.clean("//api/compose/v0/tasks"))).isInstanceOf(Router.Match.Found.class);
    }

    @Test
    void segmentsAreThoseBetweenTheOuterSlashes() {
        Router router = new Router().add("GET", "/", r -> ApiResponse.json(200, "root"))
                .add("GET", "/projects/{project}/", r -> ApiResponse.json(200, "p"));
        assertThat(router.route("GET", "/")).isInstanceOf(Router.Match.Found.class);
        assertThat(router.route("GET", "//projects/web//")).isEqualTo(new Router.Match.Found(
                ((Router.Match.Found) router.route("GET", "/projects/web")).route(), Map.of("project", "web")));
        assertThat(router.route("GET", "/projects//web")).isInstanceOf(Router.Match.NotFound.class);
    }
}
