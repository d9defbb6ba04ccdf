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
  /** A CRL's signature does not verify with the key of the CA it names as issuer. */
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
  ISV_REPORT_SIGNATURE_INVALID,
  /**
   * The collateral is not the JSON described in {@link DcapCollateral}, or a field is out of range.
   */
  COLLATERAL_MALFORMED,
  /**
   * The collateral is well-formed but of a kind not supported (not SGX TCB info v3 / QE identity
   * v2).
   */
  COLLATERAL_UNSUPPORTED,
  /**
   * The issuer chain of the TCB info or QE identity is not the Intel SGX TCB Signing certificate
   * issued by the pinned root.
   */
  COLLATERAL_CHAIN_INVALID,
  /** The TCB info text is not signed, byte for byte, by the TCB Signing certificate. */
  TCB_INFO_SIGNATURE_INVALID,
  /** The QE identity text is not signed, byte for byte, by the TCB Signing certificate. */
  QE_IDENTITY_SIGNATURE_INVALID,
  /**
   * The TCB info or QE identity is past its nextUpdate (or before its issueDate) at the
   * verification time.
   */
  COLLATERAL_EXPIRED,
  /**
   * A collateral CRL is not issued by the CA it must cover (the PCK leaf's issuer, or the root).
   */
  CRL_ISSUER_MISMATCH,
  /** The PCK leaf certificate has no Intel SGX extension. */
  PCK_SGX_EXTENSIONS_MISSING,
  /** The PCK leaf's SGX extension lacks a required field, repeats one, or is not valid DER. */
  PCK_SGX_EXTENSIONS_MALFORMED,
  /** The TCB info is for another FMSPC (platform model) than the PCK certificate's. */
  FMSPC_MISMATCH,
  /** The TCB info is for another PCE ID than the PCK certificate's. */
  PCE_ID_MISMATCH,
  /** No TCB level of the TCB info is met by the PCK certificate's CPUSVN components and PCESVN. */
  TCB_NOT_SUPPORTED,
  /** The platform's TCB level is revoked. */
  TCB_REVOKED,
  /** The QE report's MRSIGNER is not the QE identity's: not Intel's Quoting Enclave. */
  QE_MRSIGNER_MISMATCH,
  /** The QE report's ISVPRODID is not the QE identity's. */
  QE_ISV_PROD_ID_MISMATCH,
  /** The QE report's MISCSELECT differs from the QE identity's under its mask. */
  QE_MISCSELECT_MISMATCH,
  /** The QE report's ATTRIBUTES differ from the QE identity's under its mask (e.g. a debug QE). */
  QE_ATTRIBUTES_MISMATCH,
  /** The QE report's ISVSVN is below every TCB level of the QE identity. */
  QE_ISV_SVN_NOT_SUPPORTED,
  /** The QE's TCB level (by ISVSVN) is revoked. */
  QE_REVOKED
}
