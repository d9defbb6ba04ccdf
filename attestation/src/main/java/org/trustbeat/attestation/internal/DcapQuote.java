package org.trustbeat.attestation.internal;

/**
 * A parsed, not yet verified, DCAP quote: only structure has been checked. Byte arrays are the
 * parser's own copies and are not exposed outside the verifier.
 */
public final class DcapQuote {
  private final int version;
  private final byte[] signedPart;
  private final SgxReportBody isvReport;
  private final byte[] isvSignature;
  private final byte[] attestationKey;
  private final SgxReportBody qeReport;
  private final byte[] qeReportSignature;
  private final byte[] qeAuthData;
  private final byte[] pckChainPem;

  DcapQuote(
      int version,
      byte[] signedPart,
      SgxReportBody isvReport,
      byte[] isvSignature,
      byte[] attestationKey,
      SgxReportBody qeReport,
      byte[] qeReportSignature,
      byte[] qeAuthData,
      byte[] pckChainPem) {
    this.version = version;
    this.signedPart = signedPart;
    this.isvReport = isvReport;
    this.isvSignature = isvSignature;
    this.attestationKey = attestationKey;
    this.qeReport = qeReport;
    this.qeReportSignature = qeReportSignature;
    this.qeAuthData = qeAuthData;
    this.pckChainPem = pckChainPem;
  }

  public int version() {
    return version;
  }

  /** Header followed by the ISV report body: what the attestation key signs. */
  public byte[] signedPart() {
    return signedPart.clone();
  }

  public SgxReportBody isvReport() {
    return isvReport;
  }

  /** Raw r||s, 64 bytes. */
  public byte[] isvSignature() {
    return isvSignature.clone();
  }

  /** Raw x||y of the P-256 attestation key, 64 bytes. */
  public byte[] attestationKey() {
    return attestationKey.clone();
  }

  public SgxReportBody qeReport() {
    return qeReport;
  }

  /** Raw r||s, 64 bytes. */
  public byte[] qeReportSignature() {
    return qeReportSignature.clone();
  }

  public byte[] qeAuthData() {
    return qeAuthData.clone();
  }

  public byte[] pckChainPem() {
    return pckChainPem.clone();
  }
}
