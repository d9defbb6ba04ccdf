package org.trustbeat.attestation.internal;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.trustbeat.attestation.TcbStatus;

/**
 * Intel SGX TCB info, version 3 (PCS API v4), as parsed from its signed JSON text: the TCB levels
 * of one platform model (FMSPC), highest first. Immutable; only {@link CollateralParser} creates
 * it.
 */
public final class TcbInfo {
  /**
   * One TCB level: the minimum component SVNs and PCESVN, and the status of platforms meeting it.
   */
  public static final class Level {
    private final int[] components;
    private final int pceSvn;
    private final Instant tcbDate;
    private final TcbStatus status;
    private final List<String> advisoryIds;

    Level(
        int[] components, int pceSvn, Instant tcbDate, TcbStatus status, List<String> advisoryIds) {
      this.components = components.clone();
      this.pceSvn = pceSvn;
      this.tcbDate = tcbDate;
      this.status = status;
      this.advisoryIds = List.copyOf(advisoryIds);
    }

    /** The 16 SGX TCB component SVNs (sgxtcbcomponents[i].svn). */
    public int[] components() {
      return components.clone();
    }

    int component(int i) {
      return components[i];
    }

    public int pceSvn() {
      return pceSvn;
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

    @Override
    public String toString() {
      return "Level{"
          + java.util.Arrays.toString(components)
          + ", pceSvn="
          + pceSvn
          + ", "
          + status
          + ", "
          + advisoryIds
          + "}";
    }
  }

  private final Instant issueDate;
  private final Instant nextUpdate;
  private final byte[] fmspc;
  private final byte[] pceId;
  private final int tcbEvaluationDataNumber;
  private final List<Level> levels;

  TcbInfo(
      Instant issueDate,
      Instant nextUpdate,
      byte[] fmspc,
      byte[] pceId,
      int tcbEvaluationDataNumber,
      List<Level> levels) {
    this.issueDate = issueDate;
    this.nextUpdate = nextUpdate;
    this.fmspc = fmspc.clone();
    this.pceId = pceId.clone();
    this.tcbEvaluationDataNumber = tcbEvaluationDataNumber;
    this.levels = List.copyOf(levels);
  }

  public Instant issueDate() {
    return issueDate;
  }

  public Instant nextUpdate() {
    return nextUpdate;
  }

  public byte[] fmspc() {
    return fmspc.clone();
  }

  public String fmspcHex() {
    return HexFormat.of().withUpperCase().formatHex(fmspc);
  }

  public byte[] pceId() {
    return pceId.clone();
  }

  public String pceIdHex() {
    return HexFormat.of().withUpperCase().formatHex(pceId);
  }

  public int tcbEvaluationDataNumber() {
    return tcbEvaluationDataNumber;
  }

  /** Highest level first, the order in which a platform is matched against them. */
  public List<Level> levels() {
    return levels;
  }
}
