package org.trustbeat.enclave;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.trustbeat.protocol.Completeness;

/**
 * What the enclave returns for one window: the sealed result envelope (only the patient side can
 * open it) and clear completeness counters ({@link Completeness}) that describe the window's
 * envelopes without revealing their content.
 */
public final class WindowOutcome {
  private final String patient;
  private final long windowStartMillis;
  private final byte[] sealedResult;
  private final Completeness completeness;

  /** The rejections of {@link #completeness} by typed reason, as the channel carries them. */
  private final Map<RejectReason, Integer> rejected;

  private WindowOutcome(
      String patient,
      long windowStartMillis,
      byte[] sealedResult,
      Completeness completeness,
      Map<RejectReason, Integer> rejected) {
    this.patient = patient;
    this.windowStartMillis = windowStartMillis;
    this.sealedResult = sealedResult;
    this.completeness = completeness;
    this.rejected = rejected;
  }

  /**
   * @throws IllegalArgumentException if a counter is negative
   */
  public static WindowOutcome of(
      String patient,
      long windowStartMillis,
      byte[] sealedResult,
      int chunksSeen,
      int duplicatesDropped,
      long sequenceGaps,
      int contextChunks,
      Map<RejectReason, Integer> rejected) {
    EnumMap<RejectReason, Integer> r = new EnumMap<>(RejectReason.class);
    r.putAll(rejected);
    Completeness.Builder c =
        Completeness.builder()
            .setChunksSeen(chunksSeen)
            .setDuplicatesDropped(duplicatesDropped)
            .setSequenceGaps(sequenceGaps)
            .setContextChunks(contextChunks);
    r.forEach((reason, n) -> c.addRejected(reason.name(), n));
    return new WindowOutcome(
        patient,
        windowStartMillis,
        sealedResult.clone(),
        c.build(),
        Collections.unmodifiableMap(r));
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
   * chunks (all counted as {@link RejectReason#NO_KEY}) nor seal a result (provision the patient
   * with the key broker, then resubmit the window), when the patient's released analysis policy
   * does not allow the batch's job or the window's length (all chunks counted as {@link
   * RejectReason#POLICY_REFUSED}), or when no authentic chunk held a beat of the window itself: the
   * enclave seals no result for a window without beats.
   */
  public boolean hasResult() {
    return sealedResult.length > 0;
  }

  /** The window's counters; its rejections by reason name. */
  public Completeness completeness() {
    return completeness;
  }

  public int chunksSeen() {
    return (int) completeness.chunksSeen();
  }

  public int duplicatesDropped() {
    return (int) completeness.duplicatesDropped();
  }

  /** Sequence numbers missing between the smallest and the largest of the chunks used. */
  public long sequenceGaps() {
    return completeness.sequenceGaps();
  }

  /** Authentic chunks used only as context (neighbours in cleaning), none of whose beats is own. */
  public int contextChunks() {
    return (int) completeness.contextChunks();
  }

  public Map<RejectReason, Integer> rejected() {
    return rejected;
  }

  public int rejectedTotal() {
    return (int) completeness.rejectedTotal();
  }

  @Override
  public String toString() {
    return "WindowOutcome{patient="
        + patient
        + ", start="
        + windowStartMillis
        + ", result="
        + sealedResult.length
        + " bytes, chunks="
        + chunksSeen()
        + ", duplicates="
        + duplicatesDropped()
        + ", gaps="
        + sequenceGaps()
        + ", context="
        + contextChunks()
        + ", rejected="
        + rejected
        + "}";
  }
}
