package org.trustbeat.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The lifecycle of a long-running component: runs until SIGTERM or Ctrl-C (a shutdown hook),
 * or until the component itself says it is done, calling a progress callback at a fixed
 * interval. The hook waits (bounded) for the component's own cleanup to finish, because the JVM
 * halts as soon as its hooks return: without the wait, a gateway would die before flushing its
 * last chunk and a server before landing what it had acknowledged.
 */
final class ServiceRun implements AutoCloseable {
  /** How long SIGTERM waits for the cleanup before the JVM halts anyway. */
  private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(60);

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean signalled;

  private ServiceRun(String name) {
    hook = new Thread(() -> {
      signalled = true;
      stop.countDown();
      try {
        cleanedUp.await(CLEANUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  static ServiceRun start(String name) {
    return new ServiceRun(name);
  }

  /** Ends the run from inside (e.g. a replay that finished). */
  void requestStop() {
    stop.countDown();
  }

  /** Whether the stop came from a signal (SIGTERM, Ctrl-C). */
  boolean signalled() {
    return signalled;
  }

  /**
   * Calls {@code progress} every {@code interval} until stopped; the callback may stop the run
   * by throwing (its exception propagates).
   */
  void await(Duration interval, Runnable progress) throws InterruptedException {
    while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
      progress.run();
    }
  }

  /** Cleanup is done: the shutdown hook may return and the JVM exit. */
  @Override
  public void close() {
    cleanedUp.countDown();
    if (!signalled) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Shutting down already: the hook has run or runs now, and returns at once.
      }
    }
  }
}
