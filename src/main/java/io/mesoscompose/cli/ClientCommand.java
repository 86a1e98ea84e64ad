package io.mesoscompose.cli;

import io.mesoscompose.client.ApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every client command shares: the connection options and one way to report failures (exit code 1). */
abstract class ClientCommand implements Callable<Integer> {
    @Mixin
    ClientOptions connection;

    @Spec
    CommandSpec spec;

    /** The command's work; its exit code. */
    abstract int execute() throws IOException, InterruptedException, ApiException;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (ApiException e) {
            spec.commandLine().getErr().println("error: " + e.describe());
        } catch (ConnectException e) {
            spec.commandLine().getErr().println("error: cannot reach the framework at " + connection.settings().url()
                    + " (set --url or MESOS_COMPOSE_URL)");
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spec.commandLine().getErr().println("interrupted");
        }
        return 1;
    }
}
