package org.trustbeat.enclave;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the enclave returns for one window: the sealed result envelope (only the patient side can
 * open it), the sealed carry for the patient's next window, and clear completeness counters that
 * describe the window's envelopes without revealing their content.
 */
public final class WindowOutcome {
  private final String patient;
  private final long windowStartMillis;
  private final byte[] sealedResult;
  private final byte[] carry;
  private final int chunksSeen;
  private final int duplicatesDropped;
  private final long sequenceGaps;
  private final Map<RejectReason, Integer> rejected;

  private WindowOutcome(
      String patient,
      long windowStartMillis,
      byte[] sealedResult,
      byte[] carry,
      int chunksSeen,
      int duplicatesDropped,
      long sequenceGaps,
      Map<RejectReason, Integer> rejected) {
    this.patient = patient;
    this.windowStartMillis = windowStartMillis;
    this.sealedResult = sealedResult;
    this.carry = carry;
    this.chunksSeen = chunksSeen;
    this.duplicatesDropped = duplicatesDropped;
    this.sequenceGaps = sequenceGaps;
    this.rejected = rejected;
  }

  public static WindowOutcome of(
      String patient,
      long windowStartMillis,
      byte[] sealedResult,
      byte[] carry,
      int chunksSeen,
      int duplicatesDropped,
      long sequenceGaps,
      Map<RejectReason, Integer> rejected) {
    EnumMap<RejectReason, Integer> r = new EnumMap<>(RejectReason.class);
    r.putAll(rejected);
    return new WindowOutcome(
        patient, windowStartMillis, sealedResult.clone(), carry == null ? null : carry.clone(),
        chunksSeen, duplicatesDropped, sequenceGaps, Collections.unmodifiableMap(r));
  }

  public String patient() {
    return patient;
  }

  public long windowStartMillis() {
    return windowStartMillis;
  }

  /**
   * The serialized result: a {@code ResultEnvelope} in the sealed modes, a {@code PlainResult} in
   * {@link HostKind#PLAIN}. Empty when {@link #hasResult()} is false.
   */
  public byte[] sealedResult() {
    return sealedResult.clone();
  }

  /**
   * False when the enclave held no released keys for the patient, so it could neither open the
   * chunks (all counted as {@link RejectReason#NO_KEY}) nor seal a result: provision the patient
   * with the key broker, then resubmit the window with the same carry (returned unchanged).
   */
  public boolean hasResult() {
    return sealedResult.length > 0;
  }

  /** The sealed carry to pass with the patient's next window, or null. */
  public byte[] carry() {
    return carry == null ? null : carry.clone();
  }

  public int chunksSeen() {
    return chunksSeen;
  }

  public int duplicatesDropped() {
    return duplicatesDropped;
  }

  /** Sequence numbers missing between the chunks seen (and since the previous window's last). */
  public long sequenceGaps() {
    return sequenceGaps;
  }

  public Map<RejectReason, Integer> rejected() {
    return rejected;
  }

  public int rejectedTotal() {
    return rejected.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Override
  public String toString() {
    return "WindowOutcome{patient=" + patient + ", start=" + windowStartMillis + ", result="
        + sealedResult.length + " bytes, chunks=" + chunksSeen + ", duplicates=" + duplicatesDropped
        + ", gaps=" + sequenceGaps + ", rejected=" + rejected + "}";
  }
}
