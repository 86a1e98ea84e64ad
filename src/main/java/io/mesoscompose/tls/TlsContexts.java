package io.mesoscompose.tls;

import io.mesoscompose.config.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The one place TLS contexts are made: for HTTPS to the Mesos master, to Vault, to the framework's own API (the
 * client), and for serving that API.
 */
public final class TlsContexts {

    private TlsContexts() {}

    /**
     * Trust for a client: the CAs of a PEM file, the JDK's trust store when none is given, or — only when asked
     * for explicitly — none at all (no certificate and no host name check: test clusters only).
     *
     * @param peer what is connected to, for messages ("the master", "Vault", ...)
     * @throws IllegalArgumentException naming the peer and the file when the file cannot be used
     */
    public static SSLContext client(String peer, Optional<Path> caFile, boolean insecure) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (insecure) {
                context.init(null, new TrustManager[] {new TrustEverything()}, null);
                return context;
            }
            if (caFile.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(caFile.get())) {
                certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no certificate in CA file " + caFile.get());
            }
            int i = 0;
            for (Certificate c : certificates) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS to " + peer
                    + caFile.map(p -> " with CA file " + p).orElse("") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Trust for a client of another instance of this framework (a standby forwarding to its leader): the JDK's CAs
     * and the certificates this instance serves its own API with, its certificate and the issuers its chain carries.
     * So instances that share one certificate, or whose certificates a private CA issued and whose chains carry that
     * CA's certificate, trust each other without a setting of their own.
     */
    public static SSLContext peers(List<X509Certificate> served) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            int i = 0;
            for (TrustManager manager : jdk.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        trusted.setCertificateEntry("jdk-" + i++, ca);
                    }
                }
            }
            for (X509Certificate own : served) {
                trusted.setCertificateEntry("served-" + i++, own);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS to the other instances: " + e.getMessage(), e);
        }
    }

    /** The certificates of every key entry of a PKCS#12 (or {@code .jks}) key store: each chain, leaf first. */
    public static List<X509Certificate> certificates(Path keyStore, Secret password) {
        try {
            KeyStore store = load(keyStore, password);
            List<X509Certificate> found = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                Certificate[] chain = store.getCertificateChain(alias);
                for (Certificate c : chain == null ? new Certificate[0] : chain) {
                    if (c instanceof X509Certificate x509) {
                        found.add(x509);
                    }
                }
            }
            return List.copyOf(found);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the TLS key store " + keyStore + ": " + e.getMessage(), e);
        }
    }

    /** The certificates of {@code SSL_CRT_BASE64} (base64 of PEM certificates, leaf first). */
    public static List<X509Certificate> certificatesFromPem(String certificatesBase64) {
        return pemChain(certificatesBase64).stream().filter(X509Certificate.class::isInstance)
                .map(X509Certificate.class::cast).toList();
    }

    private static KeyStore load(Path keyStore, Secret password) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance(keyStore.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            store.load(in, password.reveal().toCharArray());
            return store;
        }
    }

    private static List<Certificate> pemChain(String certificatesBase64) {
        List<Certificate> chain;
        try {
            byte[] pem = Base64.getMimeDecoder().decode(certificatesBase64.strip());
            chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("SSL_CRT_BASE64 is not base64 of PEM certificates: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("SSL_CRT_BASE64 holds no certificate");
        }
        return chain;
    }

    /** A server's context: the key and certificate chain in a PKCS#12 (or {@code .jks}) key store. */
    public static SSLContext server(Path keyStore, Secret password) {
        try {
            KeyStore store = load(keyStore, password);
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

    /**
     * A server's context from PEM texts, as the Go project takes them ({@code SSL_CRT_BASE64} and
     * {@code SSL_KEY_BASE64}, each base64 of a PEM file): the certificate chain, leaf first, and its private key.
     *
     * @throws IllegalArgumentException naming the setting at fault, never the key
     */
    public static SSLContext serverFromPem(String certificatesBase64, Secret keyBase64) {
        List<Certificate> chain = pemChain(certificatesBase64);
        PrivateKey key;
        try {
            key = PemKeys.privateKey(new String(Base64.getMimeDecoder().decode(keyBase64.reveal().strip()),
                    StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SSL_KEY_BASE64: " + e.getMessage(), e);
        }
        try {
            char[] none = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("api", key, none, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, none);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("SSL_KEY_BASE64 does not go with SSL_CRT_BASE64: " + e.getMessage(), e);
        }
    }

    /**
     * Accepts any certificate. Being an extended trust manager, it also replaces the host name check (which the
     * JDK's own trust manager performs), so "skip verification" really skips both.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
