package io.mesoscompose.compose;

import java.util.Optional;

/**
 * What the Mesos fetcher refuses in a {@code CommandInfo.URI}, so a file is refused when it is validated instead of
 * every launch failing on the agent. Each rule names the Apache Mesos function it restates. Pure.
 */
public final class FetcherRules {

    /** What is wrong, and what to do instead. */
    public record Problem(String message, String hint) {}

    private FetcherRules() {}

    /**
     * Why the agent would fail to fetch {@code uri}, if it would.
     *
     * @param hasOutputFile an {@code output_file} names the download, so the URI need not end in a file name
     */
    public static Optional<Problem> uriError(String uri, boolean hasOutputFile) {
        // src/slave/containerizer/fetcher.cpp, Fetcher::basename (run by validateUri): "Illegal characters in URI".
        if (uri.indexOf('\\') >= 0 || uri.indexOf('\'') >= 0 || uri.indexOf('\0') >= 0) {
            return Optional.of(new Problem("\"" + uri + "\": the Mesos fetcher refuses \\ and ' in a URI (\"Illegal"
                    + " characters in URI\")", "percent-encode them: %5C for \\, %27 for '"));
        }
        int scheme = uri.indexOf("://");
        if (scheme > 1) {
            // Fetcher::basename: after "scheme://" there must be a "/" with something after it.
            String rest = uri.substring(scheme + 3);
            int slash = rest.indexOf('/');
            if (slash < 0 || rest.length() <= slash + 1) {
                return Optional.of(new Problem("\"" + uri + "\" has no path; the Mesos fetcher refuses it"
                        + " (\"Malformed URI (missing path)\")", "give the URL of the file, e.g. " + uri
                        + (rest.endsWith("/") ? "" : "/") + "file.tar.gz"));
            }
            // Fetcher::uriToLocalPath: "File URI only supports absolute paths" (a leading "localhost" is dropped).
            if (uri.startsWith("file://") && !rest.startsWith("/") && !rest.startsWith("localhost/")) {
                return Optional.of(new Problem("\"" + uri + "\": a file URI needs an absolute path (\"File URI"
                        + " only supports absolute paths\")", "write file:///path/on/the/agent"));
            }
        }
        // src/launcher/fetcher.cpp: without output_file the download is named by Fetcher::basename, which for a
        // "scheme://" URI is what follows its last "/".
        if (scheme > 1 && !hasOutputFile && uri.endsWith("/")) {
            return Optional.of(new Problem("\"" + uri + "\" ends in /, so the download would have no file name",
                    "name the file in the URI, or set output_file"));
        }
        return Optional.empty();
    }

    /** What only works with a particular agent setting. */
    public static Optional<String> uriWarning(String uri) {
        // Fetcher::uriToLocalPath: a relative path needs the agent's --frameworks_home.
        if (!uri.contains("://") && !uri.startsWith("/")) {
            return Optional.of("\"" + uri + "\" is a relative path: the agent fetches it only when it runs with"
                    + " --frameworks_home, relative to that directory");
        }
        return Optional.empty();
    }

    /** src/slave/containerizer/fetcher.cpp, Fetcher::validateOutputFile. */
    public static Optional<String> outputFileError(String path) {
        if (path.isEmpty()) {
            return Optional.of("output_file is empty (\"URI output file path is empty\")");
        }
        if (path.startsWith("/")) {
            return Optional.of("\"" + path + "\" is absolute; the download goes into the task's sandbox (\"URI"
                    + " output file must be within the sandbox directory\")");
        }
        return Optional.empty();
    }
}
