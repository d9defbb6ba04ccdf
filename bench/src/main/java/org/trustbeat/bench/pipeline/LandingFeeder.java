package org.trustbeat.bench.pipeline;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.trustbeat.server.LandingStore;

/**
 * Writes pre-encoded landing files at wall-clock pace on its own thread: file {@code prefill + i}
 * at {@code start + (i + 1) · tick}. Files that are due together (the thread fell behind) go out at
 * once, so the average rate holds. Nothing is sealed here: the bytes were made beforehand, and each
 * file is read back from disk before it is due.
 */
final class LandingFeeder implements AutoCloseable {
  /** One gateway instance's share of a tick at 100 000 patients (eight instances). */
  static final int MAX_CHUNKS_PER_FILE = 12_500;

  private final LandingStore landing;
  private final EncodedWorkload files;
  private final int from;
  private final long tickNanos;
  private final Thread thread;
  private final AtomicLong written = new AtomicLong();

  /** Wall-clock epoch ms at which each file index was written (0 until then). */
  private final long[] writtenAtMillis;

  private final AtomicReference<IOException> failure = new AtomicReference<>();
  private volatile boolean stopped;

  private LandingFeeder(LandingStore landing, EncodedWorkload files, int from, double tickSeconds) {
    this.landing = landing;
    this.files = files;
    this.from = from;
    this.tickNanos = (long) (tickSeconds * 1e9);
    this.writtenAtMillis = new long[files.fileCount()];
    this.thread = new Thread(this::run, "bench-landing-feeder");
    this.thread.setDaemon(true);
  }

  /** Writes files {@code 0..prefill-1} now, in the caller's thread. */
  static void prefill(LandingStore landing, EncodedWorkload files, int prefill) throws IOException {
    for (int i = 0; i < prefill && i < files.fileCount(); i++) {
      land(landing, files.file(i));
    }
  }

  /**
   * Lands one tick's chunks as files of at most {@value #MAX_CHUNKS_PER_FILE} chunks, as several
   * gateway instances would: Spark parses each landing file in one task, so a single file of 100
   * 000 patients' chunks would be parsed on one core while the other waits.
   */
  static void land(LandingStore landing, List<byte[]> chunks) throws IOException {
    for (int from = 0; from < chunks.size(); from += MAX_CHUNKS_PER_FILE) {
      landing.append(chunks.subList(from, Math.min(chunks.size(), from + MAX_CHUNKS_PER_FILE)));
    }
  }

  /** Starts writing files {@code from..} one tick apart, the first one tick from now. */
  static LandingFeeder start(
      LandingStore landing, EncodedWorkload files, int from, double tickSeconds) {
    LandingFeeder f = new LandingFeeder(landing, files, from, tickSeconds);
    f.thread.start();
    return f;
  }

  private void run() {
    long start = System.nanoTime();
    try {
      for (int i = from; i < files.fileCount() && !stopped; i++) {
        long due = start + (i - from + 1) * tickNanos;
        // Read from disk while waiting, so the file lands on time.
        List<byte[]> chunks = files.file(i);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        if (stopped) {
          return;
        }
        land(landing, chunks);
        writtenAtMillis[i] = System.currentTimeMillis();
        written.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClosedByInterruptException e) {
      // close() interrupts to wake the sleep; landing a file at that moment is cut short, and
      // that file is not one the measurement waits for.
      if (!stopped) {
        failure.set(e);
      }
    } catch (IOException e) {
      failure.set(e);
    }
  }

  /** When file {@code index} was written (epoch ms), or 0 if it was not (yet, or prefilled). */
  long writtenAtMillis(int index) {
    return written.get() > 0 ? writtenAtMillis[index] : 0;
  }

  /** Files written by the thread so far. */
  long written() {
    return written.get();
  }

  /** Whether every file has been written. */
  boolean exhausted() {
    return from + written.get() >= files.fileCount();
  }

  @Override
  public void close() throws IOException {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    IOException e = failure.get();
    if (e != null) {
      throw new IOException("the landing feeder failed: " + e.getMessage(), e);
    }
  }
}
