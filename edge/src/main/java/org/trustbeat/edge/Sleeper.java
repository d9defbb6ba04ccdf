package org.trustbeat.edge;

/** Waits; injected so that pacing can be tested without real time passing. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM =
      nanos -> {
        if (nanos > 0) {
          Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
      };

  void sleepNanos(long nanos) throws InterruptedException;
}
