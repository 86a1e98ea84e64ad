package io.mesoscompose.plan;

import io.mesoscompose.compose.FetcherRules;
import io.mesoscompose.compose.model.FetchUri;
import io.mesoscompose.compose.model.MesosOptions;

/**
 * The service's fetch URIs checked with the Mesos fetcher's rules ({@link FetcherRules}) before they reach a
 * TaskInfo. {@code mesos.fetch} and {@code mesos.executor.uri} were checked at their fields when read; this catches
 * URIs from elsewhere (the older {@code biz.aventer.mesos_compose.executor_uri} label), which would fail every launch.
 */
final class Fetches {
    private Fetches() {}

    static void check(MesosOptions mesos, Warnings warnings) {
        for (FetchUri u : mesos.fetch()) {
            FetcherRules.uriError(u.value(), u.outputFile().isPresent())
                    .ifPresent(p -> warnings.error("mesos.fetch", p.message(), p.hint()));
            u.outputFile().flatMap(FetcherRules::outputFileError)
                    .ifPresent(e -> warnings.error("mesos.fetch", e, "name a file relative to the sandbox"));
        }
    }
}
