package org.trustbeat.server.internal;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.ExpiredTimerInfo;
import org.apache.spark.sql.streaming.ListState;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.streaming.ValueState;
import org.trustbeat.server.CloseSchedule;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The grouped stage of the job on Spark's {@code transformWithState}: {@link PatientWindows} over a
 * patient's list state (the chunk buffer), value state (its {@link PatientProgress}) and event-time
 * timers (one per open window). Both states use Spark's binary row encoding of Java beans, not Java
 * serialization; timers live in Spark's time-ordered index, so a batch visits only the patients
 * with input or with a timer the watermark has passed.
 */
public final class PatientWindowProcessor
    extends StatefulProcessor<String, ChunkRow, ClosingWindow> {
  private static final long serialVersionUID = 1L;

  private final CloseSchedule schedule;
  private transient PatientWindows windows;
  private transient ListState<BufferedChunk> buffer;
  private transient ValueState<PatientProgress> progress;

  public PatientWindowProcessor(CloseSchedule schedule) {
    this.schedule = schedule;
  }

  @Override
  public void init(OutputMode outputMode, TimeMode timeMode) {
    windows = new PatientWindows(schedule);
    buffer =
        getHandle().getListState("chunks", Encoders.bean(BufferedChunk.class), TTLConfig.NONE());
    progress =
        getHandle()
            .getValueState("progress", Encoders.bean(PatientProgress.class), TTLConfig.NONE());
  }

  @Override
  public scala.collection.Iterator<ClosingWindow> handleInputRows(
      String patient, scala.collection.Iterator<ChunkRow> rows, TimerValues timerValues) {
    return out(windows.onChunks(patient, CollectionConverters.asJava(rows), state()));
  }

  @Override
  public scala.collection.Iterator<ClosingWindow> handleExpiredTimer(
      String patient, TimerValues timerValues, ExpiredTimerInfo expired) {
    return out(
        windows.onTimer(
            patient, expired.getExpiryTimeInMs(), timerValues.getCurrentWatermarkInMs(), state()));
  }

  private static scala.collection.Iterator<ClosingWindow> out(List<ClosingWindow> rows) {
    return CollectionConverters.asScala(rows.iterator());
  }

  private PatientBuffer state() {
    return new PatientBuffer() {
      @Override
      public PatientProgress progress() {
        // get() is null when absent; exists() would read the same key a second time.
        PatientProgress p = progress.get();
        return p == null ? new PatientProgress() : p;
      }

      @Override
      public void saveProgress(PatientProgress p) {
        progress.update(p);
      }

      @Override
      public Iterator<BufferedChunk> chunks() {
        return CollectionConverters.asJava(buffer.get());
      }

      @Override
      public void append(List<BufferedChunk> added) {
        if (added.size() == 1) {
          buffer.appendValue(added.get(0));
        } else {
          buffer.appendList(added.toArray(new BufferedChunk[0]));
        }
      }

      @Override
      public void replace(List<BufferedChunk> kept) {
        if (kept.isEmpty()) {
          buffer.clear();
        } else {
          buffer.put(kept.toArray(new BufferedChunk[0]));
        }
      }

      @Override
      public void registerTimer(long eventTimeMillis) {
        getHandle().registerTimer(eventTimeMillis);
      }
    };
  }
}
