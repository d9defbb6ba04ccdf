package org.trustbeat.attestation;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What verified evidence says about the enclave that produced it. Immutable.
 *
 * <p>Only verifiers in this package create instances, so holding one means some verifier accepted
 * the evidence; {@link #kind()} says which kind, and only {@link EvidenceKind#SGX_DCAP} is hardware
 * backed.
 */
public final class EnclaveIdentity {
  private static final HexFormat HEX = HexFormat.of();

  private final EvidenceKind kind;
  private final int quoteVersion;
  private final byte[] mrenclave;
  private final byte[] mrsigner;
  private final int isvProdId;
  private final int isvSvn;
  private final boolean debug;
  private final byte[] reportData;
  private final String pckCertificateSubject;
  private final TcbStatus tcbStatus;
  private final List<String> advisoryIds;

  /** Without a TCB evaluation: simulation evidence, or a quote verified without collateral. */
  EnclaveIdentity(
      EvidenceKind kind,
      int quoteVersion,
      byte[] mrenclave,
      byte[] mrsigner,
      int isvProdId,
      int isvSvn,
      boolean debug,
      byte[] reportData,
      String pckCertificateSubject) {
    this(
        kind,
        quoteVersion,
        mrenclave,
        mrsigner,
        isvProdId,
        isvSvn,
        debug,
        reportData,
        pckCertificateSubject,
        null,
        List.of());
  }

  EnclaveIdentity(
      EvidenceKind kind,
      int quoteVersion,
      byte[] mrenclave,
      byte[] mrsigner,
      int isvProdId,
      int isvSvn,
      boolean debug,
      byte[] reportData,
      String pckCertificateSubject,
      TcbStatus tcbStatus,
      List<String> advisoryIds) {
    this.kind = Objects.requireNonNull(kind);
    this.quoteVersion = quoteVersion;
    this.mrenclave = checkLength(mrenclave, 32, "mrenclave");
    this.mrsigner = checkLength(mrsigner, 32, "mrsigner");
    this.isvProdId = isvProdId;
    this.isvSvn = isvSvn;
    this.debug = debug;
    this.reportData = checkLength(reportData, 64, "reportData");
    this.pckCertificateSubject = pckCertificateSubject;
    this.tcbStatus = tcbStatus;
    this.advisoryIds = List.copyOf(advisoryIds);
  }

  private static byte[] checkLength(byte[] value, int length, String name) {
    if (value.length != length) {
      throw new IllegalArgumentException(
          name + " must be " + length + " bytes, got " + value.length);
    }
    return value.clone();
  }

  public EvidenceKind kind() {
    return kind;
  }

  /** True only for evidence whose signatures chain to the hardware vendor. */
  public boolean isHardwareBacked() {
    return kind == EvidenceKind.SGX_DCAP;
  }

  /** The DCAP quote version (3 or 4); 0 for simulation statements, which have no quote. */
  public int quoteVersion() {
    return quoteVersion;
  }

  public byte[] mrenclave() {
    return mrenclave.clone();
  }

  public String mrenclaveHex() {
    return HEX.formatHex(mrenclave);
  }

  public byte[] mrsigner() {
    return mrsigner.clone();
  }

  public String mrsignerHex() {
    return HEX.formatHex(mrsigner);
  }

  public int isvProdId() {
    return isvProdId;
  }

  public int isvSvn() {
    return isvSvn;
  }

  /** Whether the enclave runs in debug mode, in which its memory can be read by the host. */
  public boolean debug() {
    return debug;
  }

  /** The 64 bytes the enclave chose to bind into its report, see {@link ReportData}. */
  public byte[] reportData() {
    return reportData.clone();
  }

  public String reportDataHex() {
    return HEX.formatHex(reportData);
  }

  /**
   * The subject of the PCK leaf certificate that signed the Quoting Enclave report, for DCAP
   * quotes.
   */
  public Optional<String> pckCertificateSubject() {
    return Optional.ofNullable(pckCertificateSubject);
  }

  /**
   * The TCB status of the platform and Quoting Enclave, computed from Intel-signed collateral;
   * empty for simulation evidence and for quotes verified without collateral, whose TCB is unknown.
   */
  public Optional<TcbStatus> tcbStatus() {
    return Optional.ofNullable(tcbStatus);
  }

  /**
   * The Intel security advisories (e.g. INTEL-SA-00615) open at that TCB level; empty if none or
   * unknown.
   */
  public List<String> advisoryIds() {
    return advisoryIds;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EnclaveIdentity)) {
      return false;
    }
    EnclaveIdentity that = (EnclaveIdentity) o;
    return kind == that.kind
        && quoteVersion == that.quoteVersion
        && isvProdId == that.isvProdId
        && isvSvn == that.isvSvn
        && debug == that.debug
        && Arrays.equals(mrenclave, that.mrenclave)
        && Arrays.equals(mrsigner, that.mrsigner)
        && Arrays.equals(reportData, that.reportData)
        && Objects.equals(pckCertificateSubject, that.pckCertificateSubject)
        && tcbStatus == that.tcbStatus
        && advisoryIds.equals(that.advisoryIds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, quoteVersion, isvProdId, isvSvn, debug, Arrays.hashCode(mrenclave));
  }

  /**
   * Identifiers and sizes only: report data may carry a nonce or key hash the caller did not mean
   * to log.
   */
  @Override
  public String toString() {
    return "EnclaveIdentity{kind="
        + kind
        + (kind == EvidenceKind.SIMULATION ? " (NOT HARDWARE PROTECTED)" : "")
        + ", quoteVersion="
        + quoteVersion
        + ", mrenclave="
        + mrenclaveHex()
        + ", mrsigner="
        + mrsignerHex()
        + ", isvProdId="
        + isvProdId
        + ", isvSvn="
        + isvSvn
        + ", debug="
        + debug
        + (kind == EvidenceKind.SGX_DCAP
            ? ", tcbStatus="
                + (tcbStatus == null ? "NOT EVALUATED" : tcbStatus.intelName())
                + ", advisoryIds="
                + advisoryIds
            : "")
        + ", reportData="
        + reportData.length
        + " bytes}";
  }
}
