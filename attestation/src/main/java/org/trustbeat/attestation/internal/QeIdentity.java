package org.trustbeat.attestation.internal;

import java.time.Instant;
import java.util.List;
import org.trustbeat.attestation.TcbStatus;

/**
 * Intel's identity of the SGX Quoting Enclave, version 2, as parsed from its signed JSON text: the
 * values a genuine QE report must have and the TCB levels of its ISVSVN, highest first. MISCSELECT
 * and ATTRIBUTES are byte strings in report order. Immutable; only {@link CollateralParser} creates
 * it.
 */
public final class QeIdentity {
  /** One QE TCB level: the minimum ISVSVN and the status of QEs meeting it. */
  public static final class Level {
    private final int isvSvn;
    private final Instant tcbDate;
    private final TcbStatus status;
    private final List<String> advisoryIds;

    Level(int isvSvn, Instant tcbDate, TcbStatus status, List<String> advisoryIds) {
      this.isvSvn = isvSvn;
      this.tcbDate = tcbDate;
      this.status = status;
      this.advisoryIds = List.copyOf(advisoryIds);
    }

    public int isvSvn() {
      return isvSvn;
    }

    public Instant tcbDate() {
      return tcbDate;
    }

    public TcbStatus status() {
      return status;
    }

    public List<String> advisoryIds() {
      return advisoryIds;
    }
  }

  private final Instant issueDate;
  private final Instant nextUpdate;
  private final int tcbEvaluationDataNumber;
  private final byte[] miscSelect;
  private final byte[] miscSelectMask;
  private final byte[] attributes;
  private final byte[] attributesMask;
  private final byte[] mrsigner;
  private final int isvProdId;
  private final List<Level> levels;

  QeIdentity(
      Instant issueDate,
      Instant nextUpdate,
      int tcbEvaluationDataNumber,
      byte[] miscSelect,
      byte[] miscSelectMask,
      byte[] attributes,
      byte[] attributesMask,
      byte[] mrsigner,
      int isvProdId,
      List<Level> levels) {
    this.issueDate = issueDate;
    this.nextUpdate = nextUpdate;
    this.tcbEvaluationDataNumber = tcbEvaluationDataNumber;
    this.miscSelect = miscSelect.clone();
    this.miscSelectMask = miscSelectMask.clone();
    this.attributes = attributes.clone();
    this.attributesMask = attributesMask.clone();
    this.mrsigner = mrsigner.clone();
    this.isvProdId = isvProdId;
    this.levels = List.copyOf(levels);
  }

  public Instant issueDate() {
    return issueDate;
  }

  public Instant nextUpdate() {
    return nextUpdate;
  }

  public int tcbEvaluationDataNumber() {
    return tcbEvaluationDataNumber;
  }

  /** 4 bytes, in report order. */
  public byte[] miscSelect() {
    return miscSelect.clone();
  }

  public byte[] miscSelectMask() {
    return miscSelectMask.clone();
  }

  /** 16 bytes (flags, then XFRM), in report order. */
  public byte[] attributes() {
    return attributes.clone();
  }

  public byte[] attributesMask() {
    return attributesMask.clone();
  }

  public byte[] mrsigner() {
    return mrsigner.clone();
  }

  public int isvProdId() {
    return isvProdId;
  }

  /** Highest ISVSVN first. */
  public List<Level> levels() {
    return levels;
  }
}
