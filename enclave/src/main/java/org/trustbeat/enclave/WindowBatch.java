package org.trustbeat.enclave;

import java.util.List;
import java.util.Objects;
import org.trustbeat.hrv.HrvJob;

/**
 * Many closed windows handed to the enclave in one call, to amortise the crossing. Every task is
 * self-contained (its own chunks plus its context), so the tasks may come in any order and from any
 * number of patients.
 */
public final class WindowBatch {
  private final String jobId;
  private final HrvJob job;
  private final List<WindowTask> tasks;

  private WindowBatch(String jobId, HrvJob job, List<WindowTask> tasks) {
    this.jobId = jobId;
    this.job = job;
    this.tasks = tasks;
  }

  /**
   * @param jobId the streaming job's id, bound into every result's associated data
   */
  public static WindowBatch of(String jobId, HrvJob job, List<WindowTask> tasks) {
    return new WindowBatch(
        Objects.requireNonNull(jobId, "jobId"),
        Objects.requireNonNull(job, "job"),
        List.copyOf(tasks));
  }

  public String jobId() {
    return jobId;
  }

  public HrvJob job() {
    return job;
  }

  public List<WindowTask> tasks() {
    return tasks;
  }

  @Override
  public String toString() {
    return "WindowBatch{job=" + job + ", jobId=" + jobId + ", windows=" + tasks.size() + "}";
  }
}
