package org.trustbeat.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The lifecycle of a long-running component: runs until SIGTERM or Ctrl-C (SIGINT), or until the
 * component itself says it is done, calling a progress callback at a fixed interval.
 *
 * <p>SIGTERM and SIGINT are taken over while it runs, instead of letting them start the JVM's
 * shutdown: shutdown hooks run all at once, and Spark's own hook would stop the Spark session in
 * the middle of a micro-batch while the server is still landing what its ingest acknowledged. So a
 * signal only asks the component to stop; it stops its parts in order and returns its exit code (0
 * after a clean stop), and the JVM then exits normally. A shutdown by other means (SIGHUP,
 * System.exit elsewhere) still waits, bounded, for the cleanup in a shutdown hook.
 */
final class ServiceRun implements AutoCloseable {
  /** How long a shutdown by other means waits for the cleanup before the JVM halts anyway. */
  private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(60);

  private static final List<String> SIGNALS = List.of("TERM", "INT");

  private final CountDownLatch stop;
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private final Thread hook;
  private final List<Signal> signals = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();
  private volatile String signalled;

  private ServiceRun(String name, CountDownLatch stop) {
    this.stop = stop;
    for (String s : SIGNALS) {
      Signal signal = new Signal(s);
      try {
        previous.add(
            Signal.handle(
                signal,
                sig -> {
                  signalled = "SIG" + sig.getName();
                  stop.countDown();
                }));
        signals.add(signal);
      } catch (IllegalArgumentException e) {
        // The JVM keeps this signal for itself (e.g. INT under -Xrs): the hook below covers it.
      }
    }
    hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                cleanedUp.await(CLEANUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  static ServiceRun start(String name) {
    return new ServiceRun(name, new CountDownLatch(1));
  }

  /** As {@link #start(String)}, stopped also when {@code stop} is counted down (by a test). */
  static ServiceRun start(String name, CountDownLatch stop) {
    return new ServiceRun(name, stop);
  }

  /** Ends the run from inside (e.g. a replay that finished). */
  void requestStop() {
    stop.countDown();
  }

  /** " on SIGTERM" or " on SIGINT" after a signal, else empty. */
  String cause() {
    return signalled == null ? "" : " on " + signalled;
  }

  /**
   * Calls {@code progress} every {@code interval} until stopped; the callback may end the run by
   * throwing (its exception propagates).
   */
  void await(Duration interval, Runnable progress) throws InterruptedException {
    while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
      progress.run();
    }
  }

  /** Cleanup is done: restores the signal handlers and lets a pending shutdown go on. */
  @Override
  public void close() {
    cleanedUp.countDown();
    for (int i = 0; i < signals.size(); i++) {
      Signal.handle(signals.get(i), previous.get(i));
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutting down already: the hook runs now and returns at once.
    }
  }
}
