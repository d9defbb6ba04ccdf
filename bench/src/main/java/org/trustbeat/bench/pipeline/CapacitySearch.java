package org.trustbeat.bench.pipeline;

/**
 * The search for the largest patient count a mode sustains: double from the start until a probe
 * fails (or the maximum is reached), then bisect between the largest sustained and the smallest
 * failed count until they are within {@value #PRECISION_PERCENT} % of each other. Pure logic; the
 * caller runs the probes and bounds the time.
 */
final class CapacitySearch {
  static final int PRECISION_PERCENT = 10;

  private final int max;
  private int sustained;
  private int failed = -1;
  private int next;

  CapacitySearch(int start, int max) {
    this.max = max;
    this.next = Math.min(start, max);
  }

  /** The next count to probe, or -1 when the search is done. */
  int next() {
    return next;
  }

  void record(int patients, boolean ok) {
    if (ok) {
      sustained = Math.max(sustained, patients);
    } else {
      failed = failed < 0 ? patients : Math.min(failed, patients);
    }
    if (failed < 0) {
      next = sustained >= max ? -1 : (int) Math.min((long) sustained * 2, max);
    } else if (failed <= 1
        || (long) (failed - sustained) * 100 <= (long) Math.max(sustained, 1) * PRECISION_PERCENT
        || failed - sustained <= 1) {
      next = -1;
    } else {
      next = sustained + (failed - sustained) / 2;
    }
  }

  /** Largest count sustained so far (0 if none). */
  int sustained() {
    return sustained;
  }

  /** Smallest count that failed, or -1 if none did. */
  int failed() {
    return failed;
  }

  boolean done() {
    return next < 0;
  }
}
