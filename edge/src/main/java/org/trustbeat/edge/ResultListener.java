package org.trustbeat.edge;

import java.util.List;
import org.trustbeat.protocol.ResultHeader;

/**
 * What a {@link ResultConsumer} reports. Called on the consumer's delivery thread, one call at a
 * time; keep it quick.
 */
public interface ResultListener {
  /** A new, opened and checked result (each window once). */
  void onResult(ConsumedResult result);

  /**
   * Windows between the earliest and the latest result seen for which no result has come (yet). A
   * later arrival of one of them is still delivered by {@link #onResult}.
   */
  default void onMissingWindows(String patient, List<Long> windowStartsMillis) {}

  /**
   * Sequence numbers {@code first..last} lie between two results' covered ranges and no result
   * covered them: chunks withheld (or lost) between those windows. Reported once per range.
   */
  default void onUncoveredSequences(String patient, long first, long last) {}

  /** A result for a window already delivered; not delivered again. */
  default void onDuplicate(ResultHeader header) {}

  /** A message that was refused; {@code reason} names why (never content). */
  default void onRejected(String reason) {}
}
