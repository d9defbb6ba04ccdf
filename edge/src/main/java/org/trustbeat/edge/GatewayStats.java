package org.trustbeat.edge;

/**
 * A snapshot of a {@link Gateway}'s counters. Counts and sequence numbers only.
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
    long nextSequenceNumber) {}
