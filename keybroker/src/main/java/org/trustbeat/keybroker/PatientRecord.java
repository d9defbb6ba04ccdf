package org.trustbeat.keybroker;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What may be shown about a stored patient: pseudonym, key ids, times and release policy. Key ids
 * are not secret (every chunk header carries one); the keys themselves are never part of a record.
 * Immutable.
 */
public final class PatientRecord {
  private final String patient;
  private final Instant created;
  private final Instant updated;
  private final List<Integer> dataKeyIds;
  private final List<Integer> resultKeyIds;
  private final int dataPrimaryKeyId;
  private final int resultPrimaryKeyId;
  private final PatientPolicy policy;

  PatientRecord(
      String patient,
      Instant created,
      Instant updated,
      List<Integer> dataKeyIds,
      List<Integer> resultKeyIds,
      int dataPrimaryKeyId,
      int resultPrimaryKeyId,
      PatientPolicy policy) {
    this.patient = Objects.requireNonNull(patient);
    this.created = Objects.requireNonNull(created);
    this.updated = Objects.requireNonNull(updated);
    this.dataKeyIds = List.copyOf(dataKeyIds);
    this.resultKeyIds = List.copyOf(resultKeyIds);
    this.dataPrimaryKeyId = dataPrimaryKeyId;
    this.resultPrimaryKeyId = resultPrimaryKeyId;
    this.policy = Objects.requireNonNull(policy);
  }

  /** What the patient's keys may be released to, and which analyses the enclave may run. */
  public PatientPolicy policy() {
    return policy;
  }

  public String patient() {
    return patient;
  }

  /** When the patient's first keys were generated. */
  public Instant created() {
    return created;
  }

  /** When the keys were last written, i.e. the last rotation or the creation. */
  public Instant updated() {
    return updated;
  }

  /** Ids of all data keys, in keyset order; the primary seals new chunks. */
  public List<Integer> dataKeyIds() {
    return dataKeyIds;
  }

  public List<Integer> resultKeyIds() {
    return resultKeyIds;
  }

  public int dataPrimaryKeyId() {
    return dataPrimaryKeyId;
  }

  public int resultPrimaryKeyId() {
    return resultPrimaryKeyId;
  }

  @Override
  public String toString() {
    return "PatientRecord{"
        + patient
        + ", created="
        + created
        + ", updated="
        + updated
        + ", dataKeys="
        + dataKeyIds.size()
        + ", dataPrimaryKeyId="
        + Integer.toUnsignedString(dataPrimaryKeyId)
        + ", resultKeys="
        + resultKeyIds.size()
        + ", resultPrimaryKeyId="
        + Integer.toUnsignedString(resultPrimaryKeyId)
        + ", policy="
        + policy
        + "}";
  }
}
