package org.trustbeat.attestation.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * Builds DCAP quotes (v3 or v4) signed by test keys, following the layout of the Intel quote
 * library documentation, so the v4 path and failure cases can be exercised without SGX hardware.
 */
public final class SyntheticQuote {
  public int version = 4;
  public int attestationKeyType = 2;
  public long teeType = 0;
  public int outerCertDataType = 6;
  public int pckCertDataType = 5;
  public byte[] mrenclave = filled(32, 0x11);
  public byte[] mrsigner = filled(32, 0x22);
  public int isvProdId = 7;
  public int isvSvn = 3;
  public long attributeFlags = 0x05; // INIT | MODE64BIT: a release enclave
  public byte[] reportData = filled(64, 0x33);
  public byte[] qeAuthData = filled(32, 0x44);

  /** The Quoting Enclave's report; the defaults match {@link SyntheticCollateral}'s QE identity. */
  public byte[] qeMrsigner = filled(32, 0x66);

  public int qeIsvProdId = 1;
  public int qeIsvSvn = 8;
  public long qeAttributeFlags = 0x05;
  public long qeMiscSelect = 0;
  public KeyPair attestationKey;

  /** The key the QE report data commits to; normally the attestation key itself. */
  public KeyPair boundAttestationKey;

  public PrivateKey pckSigningKey;
  public byte[] pckChainPem;

  public SyntheticQuote(TestPki pki) throws GeneralSecurityException {
    this.attestationKey = TestPki.ecKeyPair();
    this.pckSigningKey = pki.leafKey.getPrivate();
    this.pckChainPem = pki.chainPem();
  }

  public static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  public byte[] build() throws GeneralSecurityException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    u16(header, version);
    u16(header, attestationKeyType);
    u32(header, teeType);
    u16(header, 5); // QE SVN
    u16(header, 9); // PCE SVN
    header.writeBytes(
        new byte[] {
          (byte) 0x93,
          (byte) 0x9a,
          0x72,
          0x33,
          (byte) 0xf7,
          (byte) 0x9c,
          0x4c,
          (byte) 0xa9,
          (byte) 0x94,
          0x0a,
          0x0d,
          (byte) 0xb3,
          (byte) 0x95,
          0x7f,
          0x06,
          0x07
        });
    header.writeBytes(new byte[20]);
    byte[] isvBody = reportBody(mrenclave, mrsigner, isvProdId, isvSvn, attributeFlags, reportData);
    byte[] signed = concat(header.toByteArray(), isvBody);

    byte[] attKeyRaw = rawPublicKey(attestationKey);
    byte[] boundKeyRaw =
        rawPublicKey(boundAttestationKey == null ? attestationKey : boundAttestationKey);
    byte[] qeReportData = new byte[64];
    System.arraycopy(sha256(concat(boundKeyRaw, qeAuthData)), 0, qeReportData, 0, 32);
    byte[] qeReport =
        reportBody(
            filled(32, 0x55), qeMrsigner, qeIsvProdId, qeIsvSvn, qeAttributeFlags, qeReportData);
    for (int i = 0; i < 4; i++) {
      qeReport[16 + i] = (byte) (qeMiscSelect >> (8 * i));
    }

    ByteArrayOutputStream qeCert = new ByteArrayOutputStream();
    qeCert.writeBytes(qeReport);
    qeCert.writeBytes(sign(pckSigningKey, qeReport));
    u16(qeCert, qeAuthData.length);
    qeCert.writeBytes(qeAuthData);
    u16(qeCert, pckCertDataType);
    u32(qeCert, pckChainPem.length);
    qeCert.writeBytes(pckChainPem);

    ByteArrayOutputStream sigData = new ByteArrayOutputStream();
    sigData.writeBytes(sign(attestationKey.getPrivate(), signed));
    sigData.writeBytes(attKeyRaw);
    if (version == 4) {
      u16(sigData, outerCertDataType);
      u32(sigData, qeCert.size());
    }
    sigData.writeBytes(qeCert.toByteArray());

    ByteArrayOutputStream quote = new ByteArrayOutputStream();
    quote.writeBytes(signed);
    u32(quote, sigData.size());
    quote.writeBytes(sigData.toByteArray());
    return quote.toByteArray();
  }

  public static byte[] reportBody(
      byte[] mrenclave, byte[] mrsigner, int prodId, int svn, long flags, byte[] reportData) {
    byte[] body = new byte[384];
    body[48] = (byte) flags;
    System.arraycopy(mrenclave, 0, body, 64, 32);
    System.arraycopy(mrsigner, 0, body, 128, 32);
    body[256] = (byte) prodId;
    body[257] = (byte) (prodId >> 8);
    body[258] = (byte) svn;
    body[259] = (byte) (svn >> 8);
    System.arraycopy(reportData, 0, body, 320, 64);
    return body;
  }

  public static byte[] rawPublicKey(KeyPair pair) {
    ECPublicKey key = (ECPublicKey) pair.getPublic();
    return concat(fixed32(key.getW().getAffineX()), fixed32(key.getW().getAffineY()));
  }

  private static byte[] fixed32(BigInteger v) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(32, b.length);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return out;
  }

  private static byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(key);
    s.update(message);
    return s.sign();
  }

  private static byte[] sha256(byte[] data) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void u16(ByteArrayOutputStream out, int v) {
    out.write(v & 0xff);
    out.write((v >> 8) & 0xff);
  }

  private static void u32(ByteArrayOutputStream out, long v) {
    for (int i = 0; i < 4; i++) {
      out.write((int) ((v >> (8 * i)) & 0xff));
    }
  }
}
