package io.mesoscompose.compose.model;

import java.util.Map;

/**
 * A whole compose project. Maps keep the order of the source file (services are listed as written).
 *
 * @param name     the project name (from {@code -p}, the top-level {@code name:}, or the API path)
 * @param services by service name
 * @param networks top-level {@code networks:}, by key
 * @param volumes  top-level {@code volumes:}, by key
 * @param secrets  top-level {@code secrets:}, by key
 * @param configs  top-level {@code configs:}, by key
 */
public record ComposeProject(
        String name,
        Map<String, Service> services,
        Map<String, Network> networks,
        Map<String, Volume> volumes,
        Map<String, SecretDef> secrets,
        Map<String, ConfigDef> configs) {

    public ComposeProject {
        services = Maps.ordered(services);
        networks = Maps.ordered(networks);
        volumes = Maps.ordered(volumes);
        secrets = Maps.ordered(secrets);
        configs = Maps.ordered(configs);
    }
}
