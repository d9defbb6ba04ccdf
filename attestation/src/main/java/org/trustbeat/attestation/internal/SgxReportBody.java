package org.trustbeat.attestation.internal;

import org.trustbeat.attestation.QuoteVerificationException;
import org.trustbeat.codec.BinaryReader;

/** The 384-byte SGX report body (sgx_report_body_t), used both for the ISV enclave and the QE. */
public final class SgxReportBody {
  public static final int SIZE = 384;

  /** Offset of report_data inside the body; the QE binding check needs it. */
  public static final int REPORT_DATA_OFFSET = 320;

  /** SGX_FLAGS_DEBUG in the low attribute word. */
  private static final long FLAG_DEBUG = 0x02;

  private final byte[] raw;
  private final long attributeFlags;
  private final byte[] mrenclave;
  private final byte[] mrsigner;
  private final int isvProdId;
  private final int isvSvn;
  private final byte[] reportData;

  private SgxReportBody(
      byte[] raw,
      long attributeFlags,
      byte[] mrenclave,
      byte[] mrsigner,
      int isvProdId,
      int isvSvn,
      byte[] reportData) {
    this.raw = raw;
    this.attributeFlags = attributeFlags;
    this.mrenclave = mrenclave;
    this.mrsigner = mrsigner;
    this.isvProdId = isvProdId;
    this.isvSvn = isvSvn;
    this.reportData = reportData;
  }

  public static SgxReportBody parse(byte[] raw) throws QuoteVerificationException {
    BinaryReader<QuoteVerificationException> r = QuoteBytes.reader(raw, "report body");
    r.skip(16, "cpu_svn");
    r.skip(4, "misc_select");
    r.skip(28, "reserved1");
    long flagsLow = r.u32("attributes.flags");
    r.skip(4, "attributes.flags (high)");
    r.skip(8, "attributes.xfrm");
    byte[] mrenclave = r.bytes(32, "mr_enclave");
    r.skip(32, "reserved2");
    byte[] mrsigner = r.bytes(32, "mr_signer");
    r.skip(96, "reserved3");
    int isvProdId = r.u16("isv_prod_id");
    int isvSvn = r.u16("isv_svn");
    r.skip(60, "reserved4");
    byte[] reportData = r.bytes(64, "report_data");
    r.expectEnd("end");
    return new SgxReportBody(
        raw.clone(), flagsLow, mrenclave, mrsigner, isvProdId, isvSvn, reportData);
  }

  public byte[] raw() {
    return raw.clone();
  }

  /** MISCSELECT, 4 bytes in report order (little-endian). */
  public byte[] miscSelect() {
    return java.util.Arrays.copyOfRange(raw, 16, 20);
  }

  /** ATTRIBUTES: flags (8 bytes) then XFRM (8 bytes), in report order. */
  public byte[] attributes() {
    return java.util.Arrays.copyOfRange(raw, 48, 64);
  }

  public boolean debug() {
    return (attributeFlags & FLAG_DEBUG) != 0;
  }

  public byte[] mrenclave() {
    return mrenclave.clone();
  }

  public byte[] mrsigner() {
    return mrsigner.clone();
  }

  public int isvProdId() {
    return isvProdId;
  }

  public int isvSvn() {
    return isvSvn;
  }

  public byte[] reportData() {
    return reportData.clone();
  }
}
