package org.trustbeat.server.internal;

import java.util.Iterator;
import java.util.List;

/**
 * The state of one patient as the window logic sees it: the small {@link PatientProgress}, the
 * chunk buffer, and close timers. Spark's implementation is {@link PatientWindowProcessor}'s state
 * handle; tests use a map. Appending is meant to cost per new chunk; reading the buffer happens
 * only when a window closes.
 */
interface PatientBuffer {
  /** The patient's progress, or a fresh one when the patient has none yet. */
  PatientProgress progress();

  void saveProgress(PatientProgress progress);

  /** The buffered chunks, in arrival order. */
  Iterator<BufferedChunk> chunks();

  void append(List<BufferedChunk> added);

  /** Replaces the buffer (empty: clears it). */
  void replace(List<BufferedChunk> kept);

  /** Asks for {@link PatientWindows#onTimer} once the watermark reaches {@code eventTimeMillis}. */
  void registerTimer(long eventTimeMillis);
}
