package org.trustbeat.attestation.internal;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.trustbeat.attestation.QuoteFailure;
import org.trustbeat.attestation.QuoteVerificationException;
import org.trustbeat.attestation.TcbStatus;

/**
 * The TCB decisions of Intel's Quote Verification Library, from verified collateral: the platform's
 * TCB level (by the PCK certificate's FMSPC, PCE ID, CPUSVN components and PCESVN), the Quoting
 * Enclave's match with its identity and its TCB level (by ISVSVN), and the status both give
 * together.
 */
public final class TcbEvaluation {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  /** The combined status, the advisories that apply, and the two statuses it came from. */
  public static final class Result {
    private final TcbStatus status;
    private final List<String> advisoryIds;
    private final TcbStatus platformStatus;
    private final TcbStatus qeStatus;

    Result(
        TcbStatus status, List<String> advisoryIds, TcbStatus platformStatus, TcbStatus qeStatus) {
      this.status = status;
      this.advisoryIds = List.copyOf(advisoryIds);
      this.platformStatus = platformStatus;
      this.qeStatus = qeStatus;
    }

    public TcbStatus status() {
      return status;
    }

    public List<String> advisoryIds() {
      return advisoryIds;
    }

    public TcbStatus platformStatus() {
      return platformStatus;
    }

    public TcbStatus qeStatus() {
      return qeStatus;
    }
  }

  private TcbEvaluation() {}

  /**
   * The first (highest) TCB level whose 16 component SVNs and PCESVN the PCK certificate's all
   * reach or exceed.
   *
   * @throws QuoteVerificationException for an FMSPC or PCE ID other than the TCB info's, a TCB
   *     below every level, or a revoked level
   */
  public static TcbInfo.Level matchPlatform(TcbInfo info, SgxPckExtensions pck)
      throws QuoteVerificationException {
    if (!MessageDigest.isEqual(info.fmspc(), pck.fmspc())) {
      throw new QuoteVerificationException(
          QuoteFailure.FMSPC_MISMATCH,
          "the PCK certificate is for FMSPC "
              + pck.fmspcHex()
              + " but the TCB info is for FMSPC "
              + info.fmspcHex()
              + "; fetch the TCB info of FMSPC "
              + pck.fmspcHex());
    }
    if (!MessageDigest.isEqual(info.pceId(), pck.pceId())) {
      throw new QuoteVerificationException(
          QuoteFailure.PCE_ID_MISMATCH,
          "the PCK certificate is for PCE ID "
              + pck.pceIdHex()
              + " but the TCB info is for PCE ID "
              + info.pceIdHex()
              + "; fetch the TCB info matching the PCK certificate");
    }
    int[] components = pck.components();
    for (TcbInfo.Level level : info.levels()) {
      if (pck.pceSvn() >= level.pceSvn() && allAtLeast(components, level.components())) {
        if (level.status() == TcbStatus.REVOKED) {
          throw new QuoteVerificationException(
              QuoteFailure.TCB_REVOKED,
              "the platform's TCB level (components "
                  + Arrays.toString(level.components())
                  + ", PCESVN "
                  + level.pceSvn()
                  + ") is revoked by Intel (advisories "
                  + level.advisoryIds()
                  + "); this platform must not be trusted");
        }
        return level;
      }
    }
    throw new QuoteVerificationException(
        QuoteFailure.TCB_NOT_SUPPORTED,
        "the platform's TCB (components "
            + Arrays.toString(components)
            + ", PCESVN "
            + pck.pceSvn()
            + ") is below every TCB level of the TCB info for FMSPC "
            + info.fmspcHex()
            + "; update the platform's microcode and SGX software");
  }

  private static boolean allAtLeast(int[] platform, int[] level) {
    for (int i = 0; i < level.length; i++) {
      if (platform[i] < level[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks the (signature-verified) QE report against the QE identity: MRSIGNER, ISVPRODID,
   * MISCSELECT and ATTRIBUTES under their masks, then finds the first (highest) TCB level whose
   * ISVSVN the QE's reaches.
   */
  public static QeIdentity.Level matchQe(QeIdentity identity, SgxReportBody qe)
      throws QuoteVerificationException {
    if (!MessageDigest.isEqual(identity.mrsigner(), qe.mrsigner())) {
      throw new QuoteVerificationException(
          QuoteFailure.QE_MRSIGNER_MISMATCH,
          "the QE report's MRSIGNER is "
              + HEX.formatHex(qe.mrsigner())
              + ", not Intel's Quoting"
              + " Enclave signer "
              + HEX.formatHex(identity.mrsigner())
              + "; the quote was not made"
              + " by Intel's Quoting Enclave");
    }
    if (identity.isvProdId() != qe.isvProdId()) {
      throw new QuoteVerificationException(
          QuoteFailure.QE_ISV_PROD_ID_MISMATCH,
          String.format(
              "the QE report's ISVPRODID is 0x%x but the QE identity requires 0x%x; the"
                  + " quote was made by another enclave of Intel than the Quoting Enclave",
              qe.isvProdId(), identity.isvProdId()));
    }
    if (!maskedEqual(qe.miscSelect(), identity.miscSelect(), identity.miscSelectMask())) {
      throw new QuoteVerificationException(
          QuoteFailure.QE_MISCSELECT_MISMATCH,
          "the QE report's MISCSELECT "
              + HEX.formatHex(qe.miscSelect())
              + " differs from the QE"
              + " identity's "
              + HEX.formatHex(identity.miscSelect())
              + " under mask "
              + HEX.formatHex(identity.miscSelectMask())
              + "; the Quoting Enclave is misconfigured");
    }
    if (!maskedEqual(qe.attributes(), identity.attributes(), identity.attributesMask())) {
      throw new QuoteVerificationException(
          QuoteFailure.QE_ATTRIBUTES_MISMATCH,
          "the QE report's ATTRIBUTES "
              + HEX.formatHex(qe.attributes())
              + " differ from the QE"
              + " identity's "
              + HEX.formatHex(identity.attributes())
              + " under mask "
              + HEX.formatHex(identity.attributesMask())
              + (qe.debug()
                  ? "; the Quoting Enclave runs in DEBUG mode, so the host can forge its reports"
                  : "; the Quoting Enclave is misconfigured"));
    }
    for (QeIdentity.Level level : identity.levels()) {
      if (qe.isvSvn() >= level.isvSvn()) {
        if (level.status() == TcbStatus.REVOKED) {
          throw new QuoteVerificationException(
              QuoteFailure.QE_REVOKED,
              "the Quoting Enclave's ISVSVN "
                  + qe.isvSvn()
                  + " is at a revoked TCB level"
                  + " (advisories "
                  + level.advisoryIds()
                  + "); update the platform's DCAP software");
        }
        return level;
      }
    }
    throw new QuoteVerificationException(
        QuoteFailure.QE_ISV_SVN_NOT_SUPPORTED,
        "the Quoting Enclave's ISVSVN "
            + qe.isvSvn()
            + " is below every TCB level of the QE"
            + " identity (lowest "
            + identity.levels().get(identity.levels().size() - 1).isvSvn()
            + "); update the platform's DCAP software");
  }

  private static boolean maskedEqual(byte[] actual, byte[] expected, byte[] mask) {
    int diff = 0;
    for (int i = 0; i < mask.length; i++) {
      diff |= (actual[i] & mask[i]) ^ (expected[i] & mask[i]);
    }
    return diff == 0;
  }

  /**
   * Combines the platform's and the QE's levels as Intel's library does: an out-of-date QE makes an
   * otherwise current platform OutOfDate (or OutOfDateConfigurationNeeded if it needs
   * configuration); advisories of both levels apply, the platform's first, each once.
   */
  public static Result combine(TcbInfo.Level platform, QeIdentity.Level qe) {
    TcbStatus status = platform.status();
    if (qe.status() == TcbStatus.OUT_OF_DATE) {
      switch (platform.status()) {
        case UP_TO_DATE:
        case SW_HARDENING_NEEDED:
          status = TcbStatus.OUT_OF_DATE;
          break;
        case CONFIGURATION_NEEDED:
        case CONFIGURATION_AND_SW_HARDENING_NEEDED:
          status = TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
          break;
        default:
          break;
      }
    }
    Set<String> advisories = new LinkedHashSet<>(platform.advisoryIds());
    advisories.addAll(qe.advisoryIds());
    return new Result(status, new ArrayList<>(advisories), platform.status(), qe.status());
  }
}
