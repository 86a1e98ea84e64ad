package io.mesoscompose.tls;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Private keys from PEM text, as Go's {@code tls.X509KeyPair} takes them for the Go project's
 * {@code SSL_KEY_BASE64}: PKCS#8 ({@code PRIVATE KEY}: RSA, EC, Ed25519) and PKCS#1 ({@code RSA PRIVATE KEY}).
 * SEC1 EC keys ({@code EC PRIVATE KEY}) are refused with the command that converts them.
 */
final class PemKeys {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
    /** DER of the AlgorithmIdentifier {rsaEncryption, NULL}. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemKeys() {}

    /**
     * @throws IllegalArgumentException when the text holds no usable key (the message names what was found,
     *                                  never the key)
     */
    static PrivateKey privateKey(String pem) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(wrapPkcs1(der));
                }
                case "EC PRIVATE KEY" -> throw new IllegalArgumentException("the key is a SEC1 EC key, which is not"
                        + " supported; convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in key.pem`");
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
                        "the key is encrypted; give it unencrypted (PKCS#8 or PKCS#1)");
                default -> {
                    // a certificate or parameters block beside the key: look further
                }
            }
        }
        throw new IllegalArgumentException("no PEM private key (PRIVATE KEY or RSA PRIVATE KEY block) found");
    }

    private static PrivateKey pkcs8(byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "EdDSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next
            }
        }
        throw new IllegalArgumentException("the PKCS#8 key is neither RSA, EC nor Ed25519, or it is damaged");
    }

    /** PKCS#8 around a PKCS#1 RSA key: SEQUENCE { INTEGER 0, rsaEncryption, OCTET STRING pkcs1 }. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.writeBytes(tlv(0x04, pkcs1));
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
