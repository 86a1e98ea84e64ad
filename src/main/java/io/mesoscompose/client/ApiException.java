package io.mesoscompose.client;

import io.mesoscompose.api.model.ApiError;
import io.mesoscompose.api.model.DiagnosticView;

/** The framework answered with an error: its status and the error body (with diagnostics for refused files). */
public final class ApiException extends Exception {
    private final int status;
    private final ApiError error;

    public ApiException(int status, ApiError error) {
        super(error.error());
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public ApiError error() {
        return error;
    }

    /** The error and each diagnostic on its own line, as a user reads it in a terminal. */
    public String describe() {
        StringBuilder text = new StringBuilder(error.error());
        for (DiagnosticView d : error.diagnostics()) {
            text.append('\n').append(d.text() != null ? d.text() : d.message());
        }
        if (status == 401) {
            text.append("\n(set MESOS_COMPOSE_USER and MESOS_COMPOSE_PASSWORD, or user/password in the config file)");
        }
        return text.toString();
    }
}
