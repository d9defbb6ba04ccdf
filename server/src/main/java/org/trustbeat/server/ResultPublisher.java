package org.trustbeat.server;

import java.io.IOException;

/**
 * Sends sealed results back to the patient side. Delivery is at least once: a replayed batch
 * publishes again, and consumers deduplicate by (patient, window, algorithm) from the clear result
 * header.
 */
public interface ResultPublisher extends AutoCloseable {
  void publish(String patient, long windowStartMillis, String algorithm, byte[] sealedResult)
      throws IOException;

  @Override
  void close() throws IOException;
}
