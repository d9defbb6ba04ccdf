package org.trustbeat.attestation.testing;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A throw-away PKI shaped like Intel's for tests: root, PCK CA, PCK leaf (with or without the Intel
 * SGX extension), and the end-entity TCB Signing certificate that signs collateral.
 */
public final class TestPki {
  public static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";
  public static final Instant NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
  public static final Instant NOT_AFTER = Instant.parse("2040-01-01T00:00:00Z");

  public static final String CA_CN = "Test SGX PCK Processor CA";

  /** The verifier accepts collateral signed only by an end entity of this name. */
  public static final String TCB_SIGNING_CN = "Intel SGX TCB Signing";

  public final String rootCn;
  public final KeyPair rootKey;
  public final KeyPair caKey;
  public final KeyPair leafKey;
  public final KeyPair tcbSigningKey;
  public final X509Certificate root;
  public final X509Certificate ca;
  public final X509Certificate leaf;
  public final X509Certificate tcbSigning;

  private TestPki(
      String rootCn,
      KeyPair rootKey,
      KeyPair caKey,
      KeyPair leafKey,
      KeyPair leafSigner,
      TestPckExtension sgx)
      throws GeneralSecurityException {
    this.rootCn = rootCn;
    this.rootKey = rootKey;
    this.caKey = caKey;
    this.leafKey = leafKey;
    this.tcbSigningKey = ecKeyPair();
    this.root = certificate(1, rootCn, rootCn, rootKey, rootKey.getPrivate(), true, null);
    this.ca = certificate(2, CA_CN, rootCn, caKey, rootKey.getPrivate(), true, null);
    this.leaf =
        certificate(
            3,
            "Test SGX PCK Certificate",
            CA_CN,
            leafKey,
            leafSigner.getPrivate(),
            false,
            sgx == null ? null : sgx.extension());
    this.tcbSigning =
        certificate(4, TCB_SIGNING_CN, rootCn, tcbSigningKey, rootKey.getPrivate(), false, null);
  }

  /** A PCK leaf without the Intel SGX extension, as in issue 10's attack. */
  public static TestPki create() throws GeneralSecurityException {
    return create("Test SGX Root CA");
  }

  /** A PKI whose root claims any name, for example Intel's, to show names are not trusted. */
  public static TestPki create(String rootCn) throws GeneralSecurityException {
    KeyPair ca = ecKeyPair();
    return new TestPki(rootCn, ecKeyPair(), ca, ecKeyPair(), ca, null);
  }

  /** A PKI whose PCK leaf carries {@code sgx} as its Intel SGX extension. */
  public static TestPki withSgxExtension(TestPckExtension sgx) throws GeneralSecurityException {
    KeyPair ca = ecKeyPair();
    return new TestPki("Test SGX Root CA", ecKeyPair(), ca, ecKeyPair(), ca, sgx);
  }

  /** A PKI whose leaf is signed by an unrelated key, so the chain does not verify. */
  public static TestPki createWithForeignLeafSignature() throws GeneralSecurityException {
    return new TestPki(
        "Test SGX Root CA", ecKeyPair(), ecKeyPair(), ecKeyPair(), ecKeyPair(), null);
  }

  /** TCB Signing certificate and root as concatenated PEM, as collateral issuer chains are. */
  public String tcbSigningChainPem() throws GeneralSecurityException {
    return pem(List.of(tcbSigning, root));
  }

  public static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  public List<X509Certificate> chain() {
    return List.of(leaf, ca, root);
  }

  /** Leaf, CA, root as concatenated PEM, as in DCAP certification data type 5. */
  public byte[] chainPem() throws GeneralSecurityException {
    return pem(chain()).getBytes(StandardCharsets.US_ASCII);
  }

  public static String pem(List<X509Certificate> certificates) throws GeneralSecurityException {
    StringBuilder sb = new StringBuilder();
    for (X509Certificate c : certificates) {
      sb.append("-----BEGIN CERTIFICATE-----\n")
          .append(
              Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(c.getEncoded()))
          .append("\n-----END CERTIFICATE-----\n");
    }
    return sb.toString();
  }

  public static byte[] name(String cn) {
    return Der.seq(Der.set(Der.seq(Der.oid("2.5.4.3"), Der.utf8(cn))));
  }

  /**
   * @param extra an additional encoded Extension, or null
   */
  public static X509Certificate certificate(
      long serial,
      String subject,
      String issuer,
      KeyPair subjectKey,
      PrivateKey signer,
      boolean isCa,
      byte[] extra)
      throws GeneralSecurityException {
    byte[] basicConstraints =
        isCa
            ? Der.seq(Der.oid("2.5.29.19"), Der.bool(true), Der.octets(Der.seq(Der.bool(true))))
            : Der.seq(Der.oid("2.5.29.19"), Der.bool(true), Der.octets(Der.seq()));
    // keyCertSign|cRLSign for CAs, digitalSignature for the leaf.
    byte[] keyUsageBits = isCa ? new byte[] {0x01, 0x06} : new byte[] {0x07, (byte) 0x80};
    byte[] keyUsage =
        Der.seq(Der.oid("2.5.29.15"), Der.bool(true), Der.octets(Der.tlv(0x03, keyUsageBits)));
    byte[] tbs =
        Der.seq(
            Der.explicit(0, Der.integer(2)),
            Der.integer(serial),
            Der.seq(Der.oid(ECDSA_SHA256)),
            name(issuer),
            Der.seq(Der.time(NOT_BEFORE), Der.time(NOT_AFTER)),
            name(subject),
            subjectKey.getPublic().getEncoded(),
            Der.explicit(
                3,
                extra == null
                    ? Der.seq(basicConstraints, keyUsage)
                    : Der.seq(basicConstraints, keyUsage, extra)));
    byte[] der = signed(tbs, signer);
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  /** A DER CRL by {@code issuerCn}, signed with {@code signer}, revoking the given serials. */
  public static byte[] crl(
      String issuerCn,
      PrivateKey signer,
      Instant thisUpdate,
      Instant nextUpdate,
      Map<BigInteger, Instant> revoked)
      throws GeneralSecurityException {
    byte[][] entries =
        revoked.entrySet().stream()
            .map(e -> Der.seq(Der.integer(e.getKey()), Der.time(e.getValue())))
            .toArray(byte[][]::new);
    byte[] tbs =
        entries.length == 0
            ? Der.seq(
                Der.integer(1),
                Der.seq(Der.oid(ECDSA_SHA256)),
                name(issuerCn),
                Der.time(thisUpdate),
                Der.time(nextUpdate))
            : Der.seq(
                Der.integer(1),
                Der.seq(Der.oid(ECDSA_SHA256)),
                name(issuerCn),
                Der.time(thisUpdate),
                Der.time(nextUpdate),
                Der.seq(entries));
    return signed(tbs, signer);
  }

  private static byte[] signed(byte[] tbs, PrivateKey signer) throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(signer);
    s.update(tbs);
    return Der.seq(tbs, Der.seq(Der.oid(ECDSA_SHA256)), Der.bits(s.sign()));
  }
}
