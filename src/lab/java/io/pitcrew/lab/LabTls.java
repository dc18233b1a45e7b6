package io.pitcrew.lab;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A fresh CA and a server certificate it signed, as the server's TLS context and the CA's PEM (what a client's
 * {@code caFile} names). The lab's HTTPS endpoints use {@link #forLab}; tests make bad ones with {@link #issue}.
 */
public record LabTls(SSLContext server, String caPem) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** For localhost and 127.0.0.1, valid from an hour ago (a client whose clock runs a little behind) for a day. */
    public static LabTls forLab() {
        Instant now = Instant.now();
        return issue(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), List.of("localhost", "127.0.0.1"));
    }

    /**
     * A server certificate valid from {@code from} until {@code until} for {@code names} (host names, or IPv4
     * addresses), the first its common name. The CA is valid now whatever the server certificate's dates, so an
     * expired server certificate is refused for itself.
     */
    public static LabTls issue(Instant from, Instant until, List<String> names) {
        try {
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();

            KeyPair caKeys = ecKeys();
            X500Name caName = new X500Name("CN=pitcrew lab CA " + Long.toHexString(RANDOM.nextLong()));
            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(),
                    Date.from(min(from, now.minus(Duration.ofHours(1)))), Date.from(max(until, now.plus(Duration.ofDays(1)))),
                    caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCert = sign(ca, caKeys.getPrivate());

            KeyPair serverKeys = ecKeys();
            PublicKey serverPublic = serverKeys.getPublic();
            GeneralName[] subjectNames = names.stream().map(n -> new GeneralName(
                    IPV4.matcher(n).matches() ? GeneralName.iPAddress : GeneralName.dNSName, n)).toArray(GeneralName[]::new);
            X509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(caCert, serial(), Date.from(from), Date.from(until),
                    new X500Name("CN=" + names.getFirst()), serverPublic)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectNames))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(serverPublic))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            X509Certificate serverCert = sign(leaf, caKeys.getPrivate());

            char[] password = Long.toHexString(RANDOM.nextLong()).toCharArray(); // in memory only
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", serverKeys.getPrivate(), password, new Certificate[]{serverCert, caCert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return new LabTls(context, pem(caCert));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the lab's TLS certificates", e);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        // EC P-256: made in milliseconds, where RSA keys would slow every lab start.
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static String pem(X509Certificate cert) throws GeneralSecurityException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded());
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }
}
