package org.trustbeat.keybroker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.trustbeat.attestation.EvidenceKind;

/**
 * One key-release decision of the {@link KeyBrokerServer}: granted (to all the patients asked for,
 * or to some, with the others refused by their own policies), or refused with a reason. Holds
 * identifiers only (measurements, pseudonyms, labels, the client's certificate subject), never
 * keys, nonces or evidence bytes. Fields the broker had not learnt when it refused (e.g. the
 * measurement of evidence that did not verify) are empty. The evidence kind is the one the verifier
 * established once the evidence verified; before that, the kind the request named. Immutable.
 */
public final class ReleaseDecision {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Said in every line about a release involving simulation evidence. */
  public static final String SIMULATION_WARNING =
      "released keys to a SIMULATED enclave (no hardware protection)";

  private static final int PATIENTS_IN_SUMMARY = 10;

  private final Instant time;
  private final RefusalReason refusal;
  private final String message;
  private final EvidenceKind evidenceKind;
  private final String mrenclave;
  private final String mrsigner;
  private final Boolean debug;
  private final String hostKind;
  private final List<String> patients;
  private final String remote;
  private final String tcbStatus;
  private final List<String> advisoryIds;
  private final List<String> released;
  private final List<PatientRefusal> refusedPatients;
  private final String client;

  private ReleaseDecision(Builder b) {
    this.time = Objects.requireNonNull(b.time, "time");
    this.refusal = b.refusal;
    this.message = Objects.requireNonNull(b.message, "message");
    this.evidenceKind = b.evidenceKind;
    this.mrenclave = b.mrenclave;
    this.mrsigner = b.mrsigner;
    this.debug = b.debug;
    this.hostKind = b.hostKind;
    this.patients = List.copyOf(b.patients);
    this.remote = b.remote;
    this.tcbStatus = b.tcbStatus;
    this.advisoryIds = List.copyOf(b.advisoryIds);
    this.released = List.copyOf(b.released);
    this.refusedPatients = List.copyOf(b.refusedPatients);
    this.client = b.client;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Instant time() {
    return time;
  }

  public boolean granted() {
    return refusal == null;
  }

  /** Empty when granted. */
  public Optional<RefusalReason> refusal() {
    return Optional.ofNullable(refusal);
  }

  /** Why: the check that failed and how to fix it, or which checks passed. */
  public String message() {
    return message;
  }

  public Optional<EvidenceKind> evidenceKind() {
    return Optional.ofNullable(evidenceKind);
  }

  public Optional<String> mrenclave() {
    return Optional.ofNullable(mrenclave);
  }

  public Optional<String> mrsigner() {
    return Optional.ofNullable(mrsigner);
  }

  public Optional<Boolean> debug() {
    return Optional.ofNullable(debug);
  }

  public Optional<String> hostKind() {
    return Optional.ofNullable(hostKind);
  }

  public List<String> patients() {
    return patients;
  }

  /**
   * The SGX platform's TCB status as Intel spells it (e.g. {@code UpToDate}), computed from Intel's
   * collateral; empty for simulation evidence and for evidence that did not verify.
   */
  public Optional<String> tcbStatus() {
    return Optional.ofNullable(tcbStatus);
  }

  /** The Intel security advisories open at that TCB level; empty if none or unknown. */
  public List<String> advisoryIds() {
    return advisoryIds;
  }

  /** The patients whose keys were released; empty when refused. */
  public List<String> released() {
    return released;
  }

  /** Patients a granted request left out because their own policy refused the enclave. */
  public List<PatientRefusal> refusedPatients() {
    return refusedPatients;
  }

  /**
   * Who asked: the subject and certificate fingerprint of the host's TLS client certificate, or for
   * a plain-HTTP broker on loopback the remote address (unauthenticated).
   */
  public Optional<String> client() {
    return Optional.ofNullable(client);
  }

  public boolean isSimulation() {
    return evidenceKind == EvidenceKind.SIMULATION;
  }

  /** One line for an operator's console: decision and ids only. */
  public String summaryLine() {
    StringBuilder sb = new StringBuilder(time.toString()).append(' ');
    sb.append(granted() ? "GRANTED" : "REFUSED " + refusal);
    sb.append(" evidence=").append(evidenceKind == null ? "?" : evidenceKind);
    sb.append(" mrenclave=").append(mrenclave == null ? "?" : mrenclave);
    sb.append(" host=").append(hostKind == null ? "?" : hostKind);
    if (tcbStatus != null) {
      sb.append(" tcb=").append(tcbStatus);
      if (!advisoryIds.isEmpty()) {
        sb.append('(').append(String.join(",", advisoryIds)).append(')');
      }
    }
    sb.append(" patients=");
    for (int i = 0; i < Math.min(patients.size(), PATIENTS_IN_SUMMARY); i++) {
      sb.append(i == 0 ? "" : ",").append(patients.get(i));
    }
    if (patients.size() > PATIENTS_IN_SUMMARY) {
      sb.append(",+").append(patients.size() - PATIENTS_IN_SUMMARY).append(" more");
    }
    if (!refusedPatients.isEmpty()) {
      sb.append(" refused=");
      for (int i = 0; i < Math.min(refusedPatients.size(), PATIENTS_IN_SUMMARY); i++) {
        PatientRefusal r = refusedPatients.get(i);
        sb.append(i == 0 ? "" : ",")
            .append(r.patient())
            .append('(')
            .append(r.reasonName())
            .append(')');
      }
      if (refusedPatients.size() > PATIENTS_IN_SUMMARY) {
        sb.append(",+").append(refusedPatients.size() - PATIENTS_IN_SUMMARY).append(" more");
      }
    }
    if (client != null) {
      sb.append(" client=").append(client);
    }
    if (isSimulation()) {
      sb.append(
          granted()
              ? " -- " + SIMULATION_WARNING
              : " -- SIMULATION evidence (no hardware protection)");
    }
    return sb.toString();
  }

  /** The audit-log line: one flat JSON object, no trailing newline. */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("time", time.toString());
    o.put("decision", granted() ? "GRANTED" : "REFUSED");
    o.put(
        "reason",
        granted()
            ? (refusedPatients.isEmpty() ? "ALL_CHECKS_PASSED" : "SOME_PATIENTS_REFUSED")
            : refusal.name());
    o.put("message", message);
    o.put("evidence_kind", evidenceKind == null ? null : evidenceKind.name());
    o.put("mrenclave", mrenclave);
    o.put("mrsigner", mrsigner);
    o.put("debug", debug);
    o.put("host_kind", hostKind);
    o.put("tcb_status", tcbStatus);
    advisoryIds.forEach(o.putArray("advisory_ids")::add);
    patients.forEach(o.putArray("patients")::add);
    released.forEach(o.putArray("released")::add);
    ArrayNode refused = o.putArray("refused_patients");
    for (PatientRefusal r : refusedPatients) {
      refused
          .addObject()
          .put("patient", r.patient())
          .put("reason", r.reasonName())
          .put("message", r.message());
    }
    o.put("remote", remote);
    o.put("client", client);
    if (isSimulation()) {
      o.put(
          "protection",
          granted() ? SIMULATION_WARNING : "SIMULATION evidence (no hardware protection)");
    }
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings did not serialize", e);
    }
  }

  @Override
  public String toString() {
    return "ReleaseDecision{" + summaryLine() + "}";
  }

  /** Filled in as the broker learns more about a request. */
  public static final class Builder {
    private Instant time;
    private RefusalReason refusal;
    private String message;
    private EvidenceKind evidenceKind;
    private String mrenclave;
    private String mrsigner;
    private Boolean debug;
    private String hostKind;
    private List<String> patients = List.of();
    private String remote;
    private String tcbStatus;
    private List<String> advisoryIds = List.of();
    private List<String> released = List.of();
    private List<PatientRefusal> refusedPatients = List.of();
    private String client;

    private Builder() {}

    /** The client's authenticated identity (certificate) or, without TLS, its address. */
    public Builder client(String client) {
      this.client = client;
      return this;
    }

    /** The patients a grant releases and those it leaves out by their own policies. */
    public Builder outcome(List<String> released, List<PatientRefusal> refusedPatients) {
      this.released = List.copyOf(released);
      this.refusedPatients = List.copyOf(refusedPatients);
      return this;
    }

    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    public Builder evidenceKind(EvidenceKind kind) {
      this.evidenceKind = kind;
      return this;
    }

    public Builder enclave(String mrenclaveHex, String mrsignerHex, boolean debug) {
      this.mrenclave = mrenclaveHex;
      this.mrsigner = mrsignerHex;
      this.debug = debug;
      return this;
    }

    /** The TCB status (Intel's spelling) and advisory ids the verifier computed. */
    public Builder tcb(String status, List<String> advisoryIds) {
      this.tcbStatus = status;
      this.advisoryIds = List.copyOf(advisoryIds);
      return this;
    }

    public Builder hostKind(String label) {
      this.hostKind = label;
      return this;
    }

    public Builder patients(List<String> patients) {
      this.patients = List.copyOf(patients);
      return this;
    }

    public Builder remote(String remote) {
      this.remote = remote;
      return this;
    }

    public ReleaseDecision grant(String message) {
      this.refusal = null;
      this.message = message;
      return new ReleaseDecision(this);
    }

    public ReleaseDecision refuse(RefusalReason reason, String message) {
      this.refusal = Objects.requireNonNull(reason, "reason");
      this.message = message;
      return new ReleaseDecision(this);
    }
  }
}
