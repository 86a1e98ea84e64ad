package io.mesoscompose.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1/localhost made with the JDK's keytool: a PKCS#12 key store (password
 * {@link #PASSWORD}) for a server, and the certificate as PEM for a client to trust.
 */
public record SelfSignedCertificate(Path keyStore, Path pem) {

    public static final String PASSWORD = "changeit";

    public static SelfSignedCertificate create(Path dir, String alias) throws IOException, InterruptedException {
        Path keyStore = dir.resolve(alias + ".p12");
        Path pem = dir.resolve(alias + ".pem");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        return new SelfSignedCertificate(keyStore, pem);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }
}
