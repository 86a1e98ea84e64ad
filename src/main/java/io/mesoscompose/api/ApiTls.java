package io.mesoscompose.api;

import io.mesoscompose.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the HTTP API: the server's context from a PKCS#12 (or JKS) key store, and a client context that trusts
 * the certificates of a PEM file (a private CA, or the server's own self-signed certificate).
 */
public final class ApiTls {

    private ApiTls() {}

    /** The server side: the key and certificate chain in {@code keyStore}, protected by {@code password}. */
    public static SSLContext server(Path keyStore, Secret password) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance(keyStore.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            store.load(in, password.reveal().toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.reveal().toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // The message of a wrong password names no secret; the path helps the operator.
            throw new IllegalArgumentException("cannot load the TLS key store " + keyStore + ": " + e.getMessage(), e);
        }
    }

    /** The client side: trusts exactly the certificates in the PEM file {@code caFile}. */
    public static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + caFile);
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the CA certificates in " + caFile + ": " + e.getMessage(), e);
        }
    }
}
