package org.trustbeat.server.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What the grouped stage emits, as a Spark row (a Java bean): one window that closed, with every
 * envelope that serves it (its own and its context, identical copies dropped), ready for the
 * enclave stage; or, with {@code windowStartMillis} −1, only the counts of chunks the host dropped
 * (late, or identical duplicates) in a batch where none of the patient's windows closed.
 */
public class ClosingWindow implements Serializable {
  private static final long serialVersionUID = 1L;

  private String patient;
  private long windowStartMillis = -1;
  private List<byte[]> envelopes = new ArrayList<>();
  private long lateChunks;
  private long hostDuplicatesDropped;

  public ClosingWindow() {}

  static ClosingWindow of(String patient, long windowStartMillis, List<byte[]> envelopes) {
    ClosingWindow w = new ClosingWindow();
    w.patient = patient;
    w.windowStartMillis = windowStartMillis;
    w.envelopes = envelopes;
    return w;
  }

  static ClosingWindow countersOnly(String patient) {
    ClosingWindow w = new ClosingWindow();
    w.patient = patient;
    return w;
  }

  /** Whether this row is a window to analyse (else counters only). */
  public boolean isWindow() {
    return windowStartMillis >= 0;
  }

  public String getPatient() {
    return patient;
  }

  public void setPatient(String patient) {
    this.patient = patient;
  }

  public long getWindowStartMillis() {
    return windowStartMillis;
  }

  public void setWindowStartMillis(long windowStartMillis) {
    this.windowStartMillis = windowStartMillis;
  }

  public List<byte[]> getEnvelopes() {
    return envelopes;
  }

  public void setEnvelopes(List<byte[]> envelopes) {
    this.envelopes = envelopes;
  }

  public long getLateChunks() {
    return lateChunks;
  }

  public void setLateChunks(long lateChunks) {
    this.lateChunks = lateChunks;
  }

  public long getHostDuplicatesDropped() {
    return hostDuplicatesDropped;
  }

  public void setHostDuplicatesDropped(long hostDuplicatesDropped) {
    this.hostDuplicatesDropped = hostDuplicatesDropped;
  }

  @Override
  public String toString() {
    return "ClosingWindow{patient="
        + patient
        + ", start="
        + windowStartMillis
        + ", chunks="
        + (envelopes == null ? 0 : envelopes.size())
        + ", late="
        + lateChunks
        + ", hostDuplicates="
        + hostDuplicatesDropped
        + "}";
  }
}
