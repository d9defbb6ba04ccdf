package org.trustbeat.attestation;

/** Why a DCAP quote was rejected. Each check of {@link DcapQuoteVerifier} has its own reason. */
public enum QuoteFailure {
  /** The evidence handed to the DCAP verifier is not of kind {@link EvidenceKind#SGX_DCAP}. */
  WRONG_EVIDENCE_KIND,
  /** A length field points past the end of the quote, or the quote has trailing bytes. */
  MALFORMED,
  /** The header's version is neither 3 nor 4. */
  UNSUPPORTED_VERSION,
  /** The attestation key type is not 2 (ECDSA-256 with P-256). */
  UNSUPPORTED_ATTESTATION_KEY_TYPE,
  /** A version 4 quote is for another TEE than SGX (for example TDX). */
  UNSUPPORTED_TEE_TYPE,
  /** The certification data is not a QE report with a PEM PCK certificate chain. */
  UNSUPPORTED_CERTIFICATION_DATA,
  /** The PCK certificate chain cannot be parsed or does not chain by signature to its root. */
  PCK_CHAIN_INVALID,
  /** The PCK chain ends in a root other than the pinned Intel SGX Root CA. */
  UNTRUSTED_ROOT,
  /** A certificate of the chain is expired or not yet valid at the verification time. */
  CERTIFICATE_EXPIRED,
  /** A CRL cannot be parsed as DER or PEM. */
  CRL_MALFORMED,
  /** A CRL was issued by none of the chain's certificate authorities, or its signature is invalid. */
  CRL_SIGNATURE_INVALID,
  /** A CRL's nextUpdate is before the verification time (or thisUpdate after it). */
  CRL_EXPIRED,
  /** A certificate of the chain is listed in a CRL. */
  CERTIFICATE_REVOKED,
  /** The QE report is not signed by the PCK leaf certificate's key. */
  QE_REPORT_SIGNATURE_INVALID,
  /** The QE report data does not commit to the attestation key and QE authentication data. */
  QE_REPORT_DATA_MISMATCH,
  /** The attestation key is not a point on the P-256 curve. */
  ATTESTATION_KEY_INVALID,
  /** The header and ISV enclave report are not signed by the attestation key. */
  ISV_REPORT_SIGNATURE_INVALID
}
