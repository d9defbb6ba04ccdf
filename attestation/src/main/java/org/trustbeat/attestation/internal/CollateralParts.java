package org.trustbeat.attestation.internal;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The parsed, not yet verified, parts of one DCAP collateral bundle. The signed texts are kept as
 * the exact bytes Intel signed. Immutable; only {@link CollateralParser} creates it.
 */
public final class CollateralParts {
  private final byte[] tcbInfoText;
  private final TcbInfo tcbInfo;
  private final byte[] tcbInfoSignature;
  private final List<X509Certificate> tcbInfoIssuerChain;
  private final byte[] qeIdentityText;
  private final QeIdentity qeIdentity;
  private final byte[] qeIdentitySignature;
  private final List<X509Certificate> qeIdentityIssuerChain;
  private final X509CRL pckCrl;
  private final X509CRL rootCaCrl;

  CollateralParts(
      byte[] tcbInfoText,
      TcbInfo tcbInfo,
      byte[] tcbInfoSignature,
      List<X509Certificate> tcbInfoIssuerChain,
      byte[] qeIdentityText,
      QeIdentity qeIdentity,
      byte[] qeIdentitySignature,
      List<X509Certificate> qeIdentityIssuerChain,
      X509CRL pckCrl,
      X509CRL rootCaCrl) {
    this.tcbInfoText = tcbInfoText.clone();
    this.tcbInfo = tcbInfo;
    this.tcbInfoSignature = tcbInfoSignature.clone();
    this.tcbInfoIssuerChain = List.copyOf(tcbInfoIssuerChain);
    this.qeIdentityText = qeIdentityText.clone();
    this.qeIdentity = qeIdentity;
    this.qeIdentitySignature = qeIdentitySignature.clone();
    this.qeIdentityIssuerChain = List.copyOf(qeIdentityIssuerChain);
    this.pckCrl = pckCrl;
    this.rootCaCrl = rootCaCrl;
  }

  /** The UTF-8 bytes of the {@code tcbInfo} object text, exactly as signed. */
  public byte[] tcbInfoText() {
    return tcbInfoText.clone();
  }

  public int tcbInfoTextLength() {
    return tcbInfoText.length;
  }

  public TcbInfo tcbInfo() {
    return tcbInfo;
  }

  /** Raw r||s, 64 bytes. */
  public byte[] tcbInfoSignature() {
    return tcbInfoSignature.clone();
  }

  public List<X509Certificate> tcbInfoIssuerChain() {
    return tcbInfoIssuerChain;
  }

  /** The UTF-8 bytes of the {@code enclaveIdentity} object text, exactly as signed. */
  public byte[] qeIdentityText() {
    return qeIdentityText.clone();
  }

  public int qeIdentityTextLength() {
    return qeIdentityText.length;
  }

  public QeIdentity qeIdentity() {
    return qeIdentity;
  }

  /** Raw r||s, 64 bytes. */
  public byte[] qeIdentitySignature() {
    return qeIdentitySignature.clone();
  }

  public List<X509Certificate> qeIdentityIssuerChain() {
    return qeIdentityIssuerChain;
  }

  /** The CRL of the PCK Processor or Platform CA. */
  public X509CRL pckCrl() {
    return pckCrl;
  }

  /** The CRL of the Intel SGX Root CA. */
  public X509CRL rootCaCrl() {
    return rootCaCrl;
  }
}
