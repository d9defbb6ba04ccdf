package org.trustbeat.bench.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import org.trustbeat.protocol.ProtocolLimits;

/**
 * The input of one measurement, as landing files of chunks from simulated patients, identical for
 * every mode (each mode gets its own encoding of the same beats, see {@link EncodedWorkload}).
 *
 * <ul>
 *   <li>{@link #batch}: a load's samples, spread over patients of at most {@value
 *       #BATCH_SAMPLES_PER_PATIENT} samples (50 minutes of beats) each, all present before the job
 *       starts.
 *   <li>{@link #stream}: a rate of samples per second, written one file per wall-clock tick. Each
 *       patient beats 1.2 times per event-time second; to reach the rate with few patients the
 *       event time runs faster than the clock (about 60× by default), so that 300-s windows close
 *       every few seconds and a short run measures the steady state, enclave work included.
 *   <li>{@link #realTime}: patients at real speed (event time = wall time), one file per 10-s slot,
 *       after a backlog that fills the first window; for the capacity probe.
 * </ul>
 */
final class Workload {
  static final int BATCH_SAMPLES_PER_PATIENT = 3600;

  /** Event seconds per wall second a stream aims at (fewer patients, windows close often). */
  static final double STREAM_SPEEDUP = 60;

  private static final int MAX_CHUNKS_PER_FILE = 2048;

  private final String description;
  private final List<String> patients;
  private final Iterable<List<BenchChunk>> files;
  private final int fileCount;
  private final int prefillFiles;
  private final double tickSeconds;
  private final double speedup;
  private final long windowMillis;
  private Summary summary;

  private Workload(
      String description,
      List<String> patients,
      Iterable<List<BenchChunk>> files,
      int fileCount,
      int prefillFiles,
      double tickSeconds,
      double speedup,
      long windowMillis) {
    this.description = description;
    this.patients = List.copyOf(patients);
    this.files = files;
    this.fileCount = fileCount;
    this.prefillFiles = prefillFiles;
    this.tickSeconds = tickSeconds;
    this.speedup = speedup;
    this.windowMillis = windowMillis;
  }

  /** Totals over every chunk, made by one pass over the files when first asked for. */
  private record Summary(long samples, long windows, double lastEventSeconds) {}

  private Summary summary() {
    if (summary == null) {
      long n = 0;
      double last = SimulatedPatient.START_EPOCH_SECONDS;
      Set<String> w = new HashSet<>();
      for (List<BenchChunk> f : files) {
        for (BenchChunk c : f) {
          n += c.samples().size();
          for (int i = 0; i < c.samples().size(); i++) {
            last = Math.max(last, c.samples().tSeconds(i));
          }
          // The slot is [start, end): its last millisecond is end - 1.
          for (long k = Math.floorDiv(c.startMillis(), windowMillis);
              k <= Math.floorDiv(c.endMillis() - 1, windowMillis);
              k++) {
            w.add(c.patient() + "/" + k);
          }
        }
      }
      summary = new Summary(n, w.size(), last);
    }
    return summary;
  }

  static String patientName(int index) {
    return String.format(Locale.ROOT, "p%06d", index);
  }

  private static List<SimulatedPatient> patients(int count) {
    List<SimulatedPatient> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new SimulatedPatient(patientName(i), 1000L + i));
    }
    return out;
  }

  /** All of {@code load}'s samples, in landing files of chunks in arrival (time) order. */
  static Workload batch(Load load, long windowMillis) {
    long total = load.samples();
    int count =
        (int) Math.max(1, (total + BATCH_SAMPLES_PER_PATIENT - 1) / BATCH_SAMPLES_PER_PATIENT);
    List<SimulatedPatient> sims = patients(count);
    List<List<BenchChunk>> perPatient = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      long left = total / count + (p < total % count ? 1 : 0);
      List<BenchChunk> chunks = new ArrayList<>();
      while (left > 0) {
        BenchChunk c = sims.get(p).nextChunk(left);
        left -= c.samples().size();
        chunks.add(c);
      }
      perPatient.add(chunks);
    }
    // Arrival order: every patient's first chunk, then every second chunk, ...
    List<BenchChunk> ordered = new ArrayList<>();
    for (int i = 0; ; i++) {
      boolean any = false;
      for (List<BenchChunk> chunks : perPatient) {
        if (i < chunks.size()) {
          ordered.add(chunks.get(i));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    List<List<BenchChunk>> files = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i += MAX_CHUNKS_PER_FILE) {
      files.add(List.copyOf(ordered.subList(i, Math.min(ordered.size(), i + MAX_CHUNKS_PER_FILE))));
    }
    return new Workload(
        "batch " + load.label() + ": " + total + " samples, " + count + " patients",
        names(count),
        files,
        files.size(),
        files.size(),
        0,
        0,
        windowMillis);
  }

  /**
   * {@code rate} per wall second for {@code wallSeconds}, one file per second; the first {@code
   * prefillSeconds} of files exist before the job starts, so its first batch has a full trigger's
   * worth of input at once.
   */
  static Workload stream(Load rate, double wallSeconds, double prefillSeconds, long windowMillis) {
    double perSecond = rate.samples();
    int count =
        (int)
            Math.max(
                1, Math.round(perSecond / (SimulatedPatient.BEATS_PER_SECOND * STREAM_SPEEDUP)));
    double speedup = perSecond / (SimulatedPatient.BEATS_PER_SECOND * count);
    return timed(
        "stream "
            + rate.label()
            + "/s: "
            + count
            + " patients, event time "
            + String.format(Locale.ROOT, "%.0f", speedup)
            + "x real time",
        count,
        speedup,
        1.0,
        (int) Math.round(prefillSeconds),
        (int) Math.ceil(wallSeconds),
        windowMillis);
  }

  /**
   * {@code count} patients at real speed: a backlog of {@code backlogSlots} 10-s slots (written
   * before the job starts), then one slot per 10 s of wall-clock time for {@code wallSeconds}.
   */
  static Workload realTime(int count, int backlogSlots, double wallSeconds, long windowMillis) {
    double tick = SimulatedPatient.CHUNK_SECONDS;
    return timed(
        "real time: " + count + " patients",
        count,
        1.0,
        tick,
        backlogSlots,
        backlogSlots + (int) Math.ceil(wallSeconds / tick),
        windowMillis);
  }

  private static Workload timed(
      String description,
      int count,
      double speedup,
      double tick,
      int prefill,
      int ticks,
      long windowMillis) {
    // Generated afresh, tick by tick, on every pass: at 100 000 patients the chunks of a probe are
    // gigabytes, which the JVM running Spark should not hold (each encoding goes to disk instead).
    int maxBeats = ProtocolLimits.DEFAULT_MAX_SAMPLES_PER_CHUNK;
    Iterable<List<BenchChunk>> files =
        () ->
            new Iterator<>() {
              private final List<SimulatedPatient> sims = patients(count);
              private int index;

              @Override
              public boolean hasNext() {
                return index < ticks;
              }

              @Override
              public List<BenchChunk> next() {
                if (!hasNext()) {
                  throw new NoSuchElementException();
                }
                double until = SimulatedPatient.START_EPOCH_SECONDS + speedup * tick * (++index);
                List<BenchChunk> file = new ArrayList<>(sims.size());
                for (SimulatedPatient s : sims) {
                  while (s.nextSlotEnd() <= until + 1e-9) {
                    file.add(s.nextChunk(maxBeats));
                  }
                }
                return file;
              }
            };
    return new Workload(
        description,
        names(count),
        files,
        ticks,
        Math.min(prefill, ticks),
        tick,
        speedup,
        windowMillis);
  }

  /** The names {@link #patients} gives its first {@code count} patients. */
  private static List<String> names(int count) {
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(patientName(i));
    }
    return out;
  }

  String description() {
    return description;
  }

  List<String> patients() {
    return patients;
  }

  /**
   * The landing files' chunks, in order. Timed workloads generate them afresh on each pass (the
   * same beats every time, as the patients are seeded).
   */
  Iterable<List<BenchChunk>> files() {
    return files;
  }

  /** How many landing files (ticks) the workload has. */
  int fileCount() {
    return fileCount;
  }

  /** How many files exist before the job starts. */
  int prefillFiles() {
    return prefillFiles;
  }

  /** Wall-clock seconds between the files after the prefill (0 for batch input). */
  double tickSeconds() {
    return tickSeconds;
  }

  /** Event seconds per wall second (0 for batch input). */
  double speedup() {
    return speedup;
  }

  long samples() {
    return summary().samples();
  }

  /** Distinct (patient, window) pairs the chunks fall in: the results a complete run stores. */
  long windows() {
    return summary().windows();
  }

  /** Latest sample time, epoch seconds. */
  double lastEventSeconds() {
    return summary().lastEventSeconds();
  }

  @Override
  public String toString() {
    return "Workload{" + description + ", files=" + fileCount + "}";
  }
}
