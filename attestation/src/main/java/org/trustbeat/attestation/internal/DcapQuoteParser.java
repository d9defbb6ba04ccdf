package org.trustbeat.attestation.internal;

import org.trustbeat.attestation.QuoteFailure;
import org.trustbeat.attestation.QuoteVerificationException;
import org.trustbeat.codec.BinaryReader;

/**
 * Parses ECDSA-P256 DCAP quotes, versions 3 and 4 (Intel SGX ECDSA Quote Library API, "Quote
 * Format"). Layout:
 *
 * <pre>
 * header (48) | ISV report body (384) | signature data length (u32) | signature data:
 *   ISV signature r||s (64) | attestation key x||y (64) |
 *   v3: QE report certification data, inline
 *   v4: certification data element {type u16 = 6, size u32, QE report certification data}
 * QE report certification data:
 *   QE report (384) | QE report signature (64) | QE auth data {size u16, data} |
 *   certification data {type u16 = 5, size u32, PEM PCK certificate chain}
 * </pre>
 */
public final class DcapQuoteParser {
  public static final int HEADER_SIZE = 48;
  public static final int ATTESTATION_KEY_TYPE_ECDSA_P256 = 2;
  public static final long TEE_TYPE_SGX = 0;
  public static final int CERT_DATA_PCK_CHAIN = 5;
  public static final int CERT_DATA_QE_REPORT = 6;

  /** Far above any real PCK chain (about 4 kB); stops a hostile size from steering allocation. */
  private static final int MAX_CERT_DATA = 32 * 1024;

  private DcapQuoteParser() {}

  public static DcapQuote parse(byte[] quote) throws QuoteVerificationException {
    BinaryReader<QuoteVerificationException> r = QuoteBytes.reader(quote, "quote");
    int version = r.u16("header.version");
    if (version != 3 && version != 4) {
      throw new QuoteVerificationException(
          QuoteFailure.UNSUPPORTED_VERSION,
          "quote version is "
              + version
              + " but only DCAP versions 3 and 4 are supported; EPID"
              + " (version 2) quotes and TDX-only formats need another verifier");
    }
    int keyType = r.u16("header.att_key_type");
    if (keyType != ATTESTATION_KEY_TYPE_ECDSA_P256) {
      throw new QuoteVerificationException(
          QuoteFailure.UNSUPPORTED_ATTESTATION_KEY_TYPE,
          "attestation key type is "
              + keyType
              + " but only 2 (ECDSA-256 with P-256) is supported;"
              + " configure the quoting enclave for ECDSA P-256");
    }
    long teeType = r.u32("header.tee_type");
    if (version == 4 && teeType != TEE_TYPE_SGX) {
      throw new QuoteVerificationException(
          QuoteFailure.UNSUPPORTED_TEE_TYPE,
          String.format(
              "TEE type is 0x%x but only SGX (0x0) is supported; this looks like a TDX"
                  + " quote, which has a different report body",
              teeType));
    }
    r.skip(HEADER_SIZE - 8L, "header (svn, qe_vendor_id, user_data)");
    byte[] report = r.bytes(SgxReportBody.SIZE, "isv_enclave_report");
    SgxReportBody isvReport = SgxReportBody.parse(report);
    byte[] signedPart = new byte[HEADER_SIZE + SgxReportBody.SIZE];
    System.arraycopy(quote, 0, signedPart, 0, signedPart.length);

    long sigDataLength = r.u32("signature_data_len");
    BinaryReader<QuoteVerificationException> sig = r.slice(sigDataLength, "signature_data");
    r.expectEnd("end");

    byte[] isvSignature = sig.bytes(64, "isv_enclave_report_signature");
    byte[] attestationKey = sig.bytes(64, "ecdsa_attestation_key");
    BinaryReader<QuoteVerificationException> qeCert = sig;
    if (version == 4) {
      int type = sig.u16("certification_data.type");
      if (type != CERT_DATA_QE_REPORT) {
        throw unsupportedCertData("version 4 outer certification data", type, CERT_DATA_QE_REPORT);
      }
      int size = sig.length(4, 0, MAX_CERT_DATA, "certification_data.size");
      qeCert = sig.slice(size, "certification_data (QE report)");
      sig.expectEnd("end");
    }
    byte[] qeReportRaw = qeCert.bytes(SgxReportBody.SIZE, "qe_report");
    byte[] qeReportSignature = qeCert.bytes(64, "qe_report_signature");
    int authSize = qeCert.u16("qe_auth_data.size");
    byte[] qeAuthData = qeCert.bytes(authSize, "qe_auth_data");
    int pckType = qeCert.u16("qe_certification_data.type");
    if (pckType != CERT_DATA_PCK_CHAIN) {
      throw unsupportedCertData("QE certification data", pckType, CERT_DATA_PCK_CHAIN);
    }
    int pckSize = qeCert.length(4, 0, MAX_CERT_DATA, "qe_certification_data.size");
    byte[] pckChain = qeCert.bytes(pckSize, "qe_certification_data (PCK chain)");
    qeCert.expectEnd("end");

    return new DcapQuote(
        version,
        signedPart,
        isvReport,
        isvSignature,
        attestationKey,
        SgxReportBody.parse(qeReportRaw),
        qeReportSignature,
        qeAuthData,
        pckChain);
  }

  private static QuoteVerificationException unsupportedCertData(
      String where, int type, int expected) {
    return new QuoteVerificationException(
        QuoteFailure.UNSUPPORTED_CERTIFICATION_DATA,
        where
            + " has type "
            + type
            + " but type "
            + expected
            + " is required; configure the"
            + " quote provider library (PCCS) to embed the PCK certificate chain in the quote");
  }
}
