package org.trustbeat.edge;

/**
 * A snapshot of a {@link Gateway}'s counters. Counts and sequence numbers only. Snapshots of
 * several gateways add up with {@link #plus}, starting from {@link #ZERO}.
 *
 * @param beatsAccepted beats taken into chunks
 * @param beatsRejected beats refused before sealing (non-finite or impossible times)
 * @param chunksSealed chunks sealed since this gateway started
 * @param chunksPublished chunks the broker acknowledged (QoS 1) since start
 * @param chunksDropped chunks dropped from a full spool since start (oldest first)
 * @param publishFailures publish attempts that failed and will be retried
 * @param spooledChunks chunks waiting on disk (including one in flight)
 * @param spooledBytes bytes waiting on disk
 * @param nextSequenceNumber the number the next chunk will get
 */
public record GatewayStats(
    long beatsAccepted,
    long beatsRejected,
    long chunksSealed,
    long chunksPublished,
    long chunksDropped,
    long publishFailures,
    int spooledChunks,
    long spooledBytes,
    long nextSequenceNumber) {
  /** No gateway: the identity of {@link #plus}. */
  public static final GatewayStats ZERO = new GatewayStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /**
   * Field-by-field sum, for totals over a fleet of gateways. Every gateway numbers its chunks from
   * 0, so the summed {@code nextSequenceNumber} is the count of sequence numbers handed out by all
   * of them, not a number any gateway will use.
   */
  public GatewayStats plus(GatewayStats other) {
    return new GatewayStats(
        beatsAccepted + other.beatsAccepted,
        beatsRejected + other.beatsRejected,
        chunksSealed + other.chunksSealed,
        chunksPublished + other.chunksPublished,
        chunksDropped + other.chunksDropped,
        publishFailures + other.publishFailures,
        spooledChunks + other.spooledChunks,
        spooledBytes + other.spooledBytes,
        nextSequenceNumber + other.nextSequenceNumber);
  }
}
