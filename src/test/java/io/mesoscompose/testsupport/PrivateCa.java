package io.mesoscompose.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private certificate authority made with openssl, as an operator makes one for a cluster's own services, and the
 * certificates it issues for 127.0.0.1/localhost: each as the PEM texts a server is configured with (the chain,
 * leaf then the CA's certificate, and the PKCS#8 key).
 */
public record PrivateCa(Path dir, Path certificate, Path key) {

    public static PrivateCa create(Path dir, String name) throws IOException, InterruptedException {
        Path cert = dir.resolve(name + "-ca.crt");
        Path key = dir.resolve(name + "-ca.key");
        PemKeyPair.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                cert.toString(), "-days", "2", "-subj", "/CN=" + name + " test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return new PrivateCa(dir, cert, key);
    }

    /** A server certificate issued by this CA: its chain and key, as PEM files. */
    public record Issued(Path chain, Path key) {}

    public Issued issue(String name) throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        Path request = dir.resolve(name + ".csr");
        Path leaf = dir.resolve(name + ".crt");
        Path extensions = Files.writeString(dir.resolve(name + ".ext"),
                "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        PemKeyPair.openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                request.toString(), "-subj", "/CN=" + name);
        PemKeyPair.openssl("x509", "-req", "-in", request.toString(), "-CA", certificate.toString(), "-CAkey",
                this.key.toString(), "-CAcreateserial", "-out", leaf.toString(), "-days", "2", "-extfile",
                extensions.toString());
        Path chain = Files.writeString(dir.resolve(name + "-chain.pem"), Files.readString(leaf)
                + Files.readString(certificate));
        return new Issued(chain, key);
    }
}
