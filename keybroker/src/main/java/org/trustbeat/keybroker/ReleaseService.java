package org.trustbeat.keybroker;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.attestation.AttestationPolicy;
import org.trustbeat.attestation.EnclaveIdentity;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.attestation.EvidenceVerifier;
import org.trustbeat.attestation.PolicyViolationException;
import org.trustbeat.attestation.ReportData;
import org.trustbeat.keybroker.internal.NonceRegistry;
import org.trustbeat.keybroker.internal.ReleaseRequest;
import org.trustbeat.protocol.KeyBrokerSigningKey;
import org.trustbeat.protocol.ReleasedPatient;
import org.trustbeat.protocol.SignedKeyRelease;

/**
 * The release decision, independent of HTTP. Order of checks: patient count, nonce (issued to this
 * client), evidence, host kind, global policy, key and key-broker binding, patients (known), then
 * each patient's own policy. The nonce is spent as soon as the request is well formed, so that one
 * nonce buys one attempt. Patients come last so that only an attested enclave learns which
 * pseudonyms the store lacks.
 *
 * <h2>Security guarantees</h2>
 *
 * Every decision is judged on the identity the evidence verifier produced: the evidence kind bound
 * into the release and audited is the verified one, never the requester's label. A patient whose
 * policy refuses the enclave (simulation for a patient who is not a test patient, an MRENCLAVE or
 * TCB status the patient does not accept) is left out of the release and audited with the reason;
 * the others are released. The release is sealed to the attested key and signed for this enclave
 * and nonce with the broker's signing key, whose fingerprint the enclave must have bound into its
 * report data.
 */
final class ReleaseService {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseService.class);

  /**
   * The modes a host may state (the labels of the enclave's {@code HostKind}; a test keeps them
   * equal). The broker needs only the labels, not the enclave: it holds a host to its claim.
   */
  static final List<String> MODES = List.of("plain", "sealed-inprocess", "sealed-process", "sgx");

  /** The modes that claim hardware isolation, so must come with hardware evidence. */
  static final List<String> HARDWARE_ISOLATED_MODES = List.of("sgx");

  /** A decision, and for a grant the answer to send. */
  static final class Outcome {
    final ReleaseDecision decision;
    final ReleaseAnswer answer;

    Outcome(ReleaseDecision decision, ReleaseAnswer answer) {
      this.decision = decision;
      this.answer = answer;
    }
  }

  /** The audit log could not be written; the request must not be answered with keys. */
  static final class AuditFailedException extends IOException {
    AuditFailedException(IOException cause) {
      super("cannot append to the audit log: " + cause.getMessage(), cause);
    }
  }

  private final PatientKeyStore keyStore;
  private final AttestationPolicy policy;
  private final EvidenceVerifier dcapVerifier;
  private final EvidenceVerifier simulationVerifier;
  private final KeyBrokerSigningKey signingKey;
  private final int maxPatientsPerRequest;
  private final NonceRegistry nonces;
  private final AuditLog audit;
  private final Clock clock;
  private final Consumer<ReleaseDecision> listener;

  ReleaseService(
      PatientKeyStore keyStore,
      AttestationPolicy policy,
      EvidenceVerifier dcapVerifier,
      EvidenceVerifier simulationVerifier,
      KeyBrokerSigningKey signingKey,
      int maxPatientsPerRequest,
      NonceRegistry nonces,
      AuditLog audit,
      Clock clock,
      Consumer<ReleaseDecision> listener) {
    this.keyStore = Objects.requireNonNull(keyStore);
    this.policy = Objects.requireNonNull(policy);
    this.dcapVerifier = dcapVerifier;
    this.simulationVerifier = simulationVerifier;
    this.signingKey = Objects.requireNonNull(signingKey);
    this.maxPatientsPerRequest = maxPatientsPerRequest;
    this.nonces = Objects.requireNonNull(nonces);
    this.audit = Objects.requireNonNull(audit);
    this.clock = Objects.requireNonNull(clock);
    this.listener = Objects.requireNonNull(listener);
  }

  /**
   * @throws NonceRegistry.Refused if the client's quota or the broker's bound is reached
   */
  byte[] issueNonce(ClientIdentity client) throws NonceRegistry.Refused {
    return nonces.issue(client.key());
  }

  /** Records a request that could not be parsed. */
  Outcome malformed(ClientIdentity client, String problem) throws AuditFailedException {
    return record(
        ReleaseDecision.builder()
            .time(clock.instant())
            .remote(client.remote())
            .client(client.display())
            .refuse(
                RefusalReason.MALFORMED_REQUEST,
                problem + "; send the body KeyBrokerClient writes"),
        null);
  }

  /**
   * Decides, appends the decision to the audit log (forced to disk) and tells the listener.
   *
   * @throws AuditFailedException if the audit log cannot be written; no keys are released then
   */
  Outcome decide(ReleaseRequest request, ClientIdentity client) throws AuditFailedException {
    ReleaseDecision.Builder d =
        ReleaseDecision.builder()
            .time(clock.instant())
            .remote(client.remote())
            .client(client.display())
            .evidenceKind(request.evidence().kind())
            .hostKind(request.hostKind())
            .patients(request.patients());

    if (request.patients().size() > maxPatientsPerRequest) {
      return refuse(
          d,
          RefusalReason.TOO_MANY_PATIENTS,
          "the request names "
              + request.patients().size()
              + " patients; this broker releases at most "
              + maxPatientsPerRequest
              + " per request; split it into several requests");
    }

    byte[] nonce = request.nonce();
    switch (nonces.consume(nonce, client.key())) {
      case ACCEPTED:
        break;
      case ALREADY_USED:
        return refuse(
            d,
            RefusalReason.NONCE_ALREADY_USED,
            "the nonce was already used for a"
                + " release; request a fresh nonce from POST /v1/nonce for every round");
      case EXPIRED:
        return refuse(
            d,
            RefusalReason.NONCE_EXPIRED,
            "the nonce expired before the release request"
                + " arrived; request a fresh nonce and attest at once");
      case OTHER_CLIENT:
        return refuse(
            d,
            RefusalReason.NONCE_OF_ANOTHER_CLIENT,
            "the nonce was issued to another"
                + " client; each host must request its own nonce with its own client certificate");
      default:
        return refuse(
            d,
            RefusalReason.NONCE_UNKNOWN,
            "the nonce was not issued by this broker (or"
                + " so long ago that it was forgotten); request one from POST /v1/nonce");
    }

    String mode = request.hostKind();
    if (mode == null || !MODES.contains(mode)) {
      return refuse(
          d,
          RefusalReason.MALFORMED_REQUEST,
          "host kind: unknown mode '"
              + mode
              + "'; use plain, sealed-inprocess, sealed-process or sgx");
    }

    EvidenceKind kind = request.evidence().kind();
    EvidenceVerifier verifier = kind == EvidenceKind.SGX_DCAP ? dcapVerifier : simulationVerifier;
    if (kind == EvidenceKind.SIMULATION && !policy.insecureSimulationAllowed()) {
      return refuse(
          d,
          RefusalReason.SIMULATION_REFUSED,
          "the evidence is a SIMULATION statement,"
              + " not hardware protected, and this broker does not allow simulation; start it with"
              + " --allow-insecure-simulation only on development machines");
    }
    if (verifier == null) {
      return refuse(
          d,
          RefusalReason.EVIDENCE_KIND_UNSUPPORTED,
          "this broker has no verifier for "
              + kind
              + " evidence; "
              + (kind == EvidenceKind.SGX_DCAP
                  ? "start it with --collateral FILE (Intel's collateral for the enclave's platform)"
                  : "configure one"));
    }
    EnclaveIdentity identity;
    try {
      identity = verifier.verify(request.evidence());
    } catch (GeneralSecurityException | RuntimeException e) {
      return refuse(
          d,
          RefusalReason.EVIDENCE_INVALID,
          "the " + kind + " evidence does not verify: " + e.getMessage());
    }
    // From here on, only what the verifier established counts.
    d.evidenceKind(identity.kind());
    d.enclave(identity.mrenclaveHex(), identity.mrsignerHex(), identity.debug());
    identity.tcbStatus().ifPresent(s -> d.tcb(s.intelName(), identity.advisoryIds()));

    if (identity.kind() == EvidenceKind.SIMULATION && HARDWARE_ISOLATED_MODES.contains(mode)) {
      return refuse(
          d,
          RefusalReason.HOST_KIND_MISMATCH,
          "the host says '"
              + mode
              + "' (hardware isolated) but presents SIMULATION evidence; run it under SGX or label it"
              + " with its real mode");
    }
    try {
      policy.check(identity);
    } catch (PolicyViolationException e) {
      String prefix = e.rule() + ": ";
      String message =
          e.getMessage().startsWith(prefix)
              ? e.getMessage().substring(prefix.length())
              : e.getMessage();
      return refuse(d, RefusalReason.of(e.rule()), message);
    }
    try {
      ReportData.checkBinding(
          identity, request.publicKey(), nonce, signingKey.verificationKey().fingerprint());
    } catch (GeneralSecurityException e) {
      return refuse(d, RefusalReason.KEY_NOT_BOUND, e.getMessage());
    }

    Map<String, PatientKeyStore.Releasable> stored;
    try {
      stored = keyStore.loadForRelease(request.patients());
    } catch (UnknownPatientException e) {
      return refuse(d, RefusalReason.UNKNOWN_PATIENT, e.getMessage());
    } catch (IOException | GeneralSecurityException e) {
      // The operator needs the cause; the requester only needs to know it is not their fault.
      LOG.error("cannot read the key store: " + e.getMessage());
      return refuse(
          d, RefusalReason.BROKER_ERROR, "the broker cannot read its key store; see its log");
    }

    Map<String, ReleasedPatient> release = new TreeMap<>();
    List<PatientRefusal> refused = new ArrayList<>();
    for (Map.Entry<String, PatientKeyStore.Releasable> e : stored.entrySet()) {
      PatientRefusal r = e.getValue().policy.check(e.getKey(), identity);
      if (r != null) {
        refused.add(r);
      } else {
        release.put(
            e.getKey(), ReleasedPatient.of(e.getValue().keys, e.getValue().policy.analysis()));
      }
    }
    List<String> released = new ArrayList<>(release.keySet());
    d.outcome(released, refused);
    if (release.isEmpty()) {
      PatientRefusal first = refused.get(0);
      StringBuilder why = new StringBuilder("no requested patient's policy admits this enclave: ");
      for (int i = 0; i < refused.size(); i++) {
        why.append(i == 0 ? "" : "; ").append(refused.get(i).message());
        if (i == 4 && refused.size() > 5) {
          why.append("; and ").append(refused.size() - 5).append(" more (see the audit log)");
          break;
        }
      }
      return refuse(d, first.reason(), why.toString());
    }

    byte[] signed;
    try {
      signed =
          SignedKeyRelease.seal(
              signingKey, request.publicKey(), nonce, identity.kind().name(), release);
    } catch (GeneralSecurityException e) {
      return refuse(d, RefusalReason.PUBLIC_KEY_INVALID, e.getMessage());
    }
    String message =
        "evidence verified ("
            + identity.kind()
            + "), policy satisfied, public key,"
            + " nonce and key broker key bound; released "
            + released.size()
            + " of "
            + request.patients().size()
            + " patients";
    if (!refused.isEmpty()) {
      message += "; " + refused.size() + " refused by their own policies";
    }
    if (identity.kind() == EvidenceKind.SIMULATION) {
      message += "; " + ReleaseDecision.SIMULATION_WARNING;
    }
    return record(d.grant(message), ReleaseAnswer.of(signed, released, refused));
  }

  private Outcome refuse(ReleaseDecision.Builder d, RefusalReason reason, String message)
      throws AuditFailedException {
    return record(d.refuse(reason, message), null);
  }

  private Outcome record(ReleaseDecision decision, ReleaseAnswer answer)
      throws AuditFailedException {
    try {
      audit.append(decision);
    } catch (IOException e) {
      throw new AuditFailedException(e);
    }
    try {
      listener.accept(decision);
    } catch (RuntimeException e) {
      LOG.warn("release listener failed: " + e);
    }
    return new Outcome(decision, answer);
  }
}
