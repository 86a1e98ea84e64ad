package io.mesoscompose.api;

import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.state.StateStores;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** The HTTP server's settings from the framework configuration: listen address, port, credentials, body limit, TLS. */
public final class ApiSettings {
    /** Compose files are a few kilobytes; a few megabytes leave room for many merged files and nothing for abuse. */
    public static final long MAX_BODY_BYTES = 4L << 20;

    private ApiSettings() {}

    /** As {@link #from(FrameworkConfig.Http, Optional, Optional)}, credentials kept in the embedded store's directory. */
    public static HttpApiServer.Settings from(FrameworkConfig config, Optional<SSLContext> tls) {
        return from(config.http(), StateStores.embeddedDirectory(config.state().spec()), tls);
    }

    /**
     * @param stateDir where generated credentials are kept (the embedded store's directory), if any
     * @throws ApiCredentials.MissingCredentialsException when no credentials are configured and running open was
     *                                                    not asked for
     */
    public static HttpApiServer.Settings from(FrameworkConfig.Http http, Optional<Path> stateDir, Optional<SSLContext> tls) {
        return new HttpApiServer.Settings(http.listenHost(), http.port(), ApiCredentials.resolve(http, stateDir),
                MAX_BODY_BYTES, tls);
    }
}
