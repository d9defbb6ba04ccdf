package org.trustbeat.edge;

/**
 * One heartbeat from a sensor: the time of the beat that ends the interval (seconds since the Unix
 * epoch) and the RR interval in milliseconds.
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #toString()} hides both values: a beat is health data and must not reach a log.
 */
public record Beat(double tEpochSeconds, double rrMs) {
  @Override
  public String toString() {
    return "Beat{…}";
  }
}
