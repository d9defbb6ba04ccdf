package org.trustbeat.edge;

import java.io.IOException;
import java.security.GeneralSecurityException;

/** Receives beats in order; the {@link Gateway} is one. */
@FunctionalInterface
public interface BeatSink {
  void accept(double tEpochSeconds, double rrMs) throws IOException, GeneralSecurityException;
}
