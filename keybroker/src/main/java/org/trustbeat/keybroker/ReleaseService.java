package org.trustbeat.keybroker;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.trustbeat.attestation.AttestationPolicy;
import org.trustbeat.attestation.EnclaveIdentity;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.attestation.EvidenceVerifier;
import org.trustbeat.attestation.PolicyViolationException;
import org.trustbeat.attestation.ReportData;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.keybroker.internal.NonceRegistry;
import org.trustbeat.keybroker.internal.ReleaseRequest;
import org.trustbeat.protocol.KeyRelease;
import org.trustbeat.protocol.PatientKeys;

/**
 * The release decision, independent of HTTP. Order of checks: nonce, evidence, host kind, policy,
 * key binding, patients. The nonce is spent first so that one nonce buys one attempt. Patients
 * come last so that only an attested enclave learns which pseudonyms the store lacks.
 */
final class ReleaseService {
  private static final Logger LOG = Logger.getLogger(ReleaseService.class.getName());

  /** A decision, and for a grant the sealed release. */
  static final class Outcome {
    final ReleaseDecision decision;
    final byte[] sealedRelease;

    Outcome(ReleaseDecision decision, byte[] sealedRelease) {
      this.decision = decision;
      this.sealedRelease = sealedRelease;
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
  private final NonceRegistry nonces;
  private final AuditLog audit;
  private final Clock clock;
  private final Consumer<ReleaseDecision> listener;

  ReleaseService(PatientKeyStore keyStore, AttestationPolicy policy, EvidenceVerifier dcapVerifier,
      EvidenceVerifier simulationVerifier, NonceRegistry nonces, AuditLog audit, Clock clock,
      Consumer<ReleaseDecision> listener) {
    this.keyStore = Objects.requireNonNull(keyStore);
    this.policy = Objects.requireNonNull(policy);
    this.dcapVerifier = dcapVerifier;
    this.simulationVerifier = simulationVerifier;
    this.nonces = Objects.requireNonNull(nonces);
    this.audit = Objects.requireNonNull(audit);
    this.clock = Objects.requireNonNull(clock);
    this.listener = Objects.requireNonNull(listener);
  }

  byte[] issueNonce() {
    return nonces.issue();
  }

  /** Records a request that could not be parsed. */
  Outcome malformed(String remote, String problem) throws AuditFailedException {
    return record(ReleaseDecision.builder().time(clock.instant()).remote(remote)
        .refuse(RefusalReason.MALFORMED_REQUEST, problem + "; send the body KeyBrokerClient writes"),
        null);
  }

  /**
   * Decides, appends the decision to the audit log (forced to disk) and tells the listener.
   *
   * @throws AuditFailedException if the audit log cannot be written; no keys are released then
   */
  Outcome decide(ReleaseRequest request, String remote) throws AuditFailedException {
    ReleaseDecision.Builder d = ReleaseDecision.builder().time(clock.instant()).remote(remote)
        .evidenceKind(request.evidence().kind()).hostKind(request.hostKind())
        .patients(request.patients());

    byte[] nonce = request.nonce();
    switch (nonces.consume(nonce)) {
      case ACCEPTED:
        break;
      case ALREADY_USED:
        return refuse(d, RefusalReason.NONCE_ALREADY_USED, "the nonce was already used for a"
            + " release; request a fresh nonce from POST /v1/nonce for every round");
      case EXPIRED:
        return refuse(d, RefusalReason.NONCE_EXPIRED, "the nonce expired before the release request"
            + " arrived; request a fresh nonce and attest at once");
      default:
        return refuse(d, RefusalReason.NONCE_UNKNOWN, "the nonce was not issued by this broker (or"
            + " so long ago that it was forgotten); request one from POST /v1/nonce");
    }

    HostKind hostKind;
    try {
      hostKind = HostKind.byLabel(request.hostKind());
    } catch (IllegalArgumentException e) {
      return refuse(d, RefusalReason.MALFORMED_REQUEST, "host kind: " + e.getMessage());
    }

    EvidenceKind kind = request.evidence().kind();
    EvidenceVerifier verifier = kind == EvidenceKind.SGX_DCAP ? dcapVerifier : simulationVerifier;
    if (kind == EvidenceKind.SIMULATION && !policy.insecureSimulationAllowed()) {
      return refuse(d, RefusalReason.SIMULATION_REFUSED, "the evidence is a SIMULATION statement,"
          + " not hardware protected, and this broker does not allow simulation; start it with"
          + " --allow-insecure-simulation only on development machines");
    }
    if (verifier == null) {
      return refuse(d, RefusalReason.EVIDENCE_KIND_UNSUPPORTED, "this broker has no verifier for "
          + kind + " evidence; " + (kind == EvidenceKind.SGX_DCAP
              ? "start it with --collateral FILE (Intel's collateral for the enclave's platform)"
              : "configure one"));
    }
    EnclaveIdentity identity;
    try {
      identity = verifier.verify(request.evidence());
    } catch (GeneralSecurityException | RuntimeException e) {
      return refuse(d, RefusalReason.EVIDENCE_INVALID, "the " + kind + " evidence does not verify: "
          + e.getMessage());
    }
    d.enclave(identity.mrenclaveHex(), identity.mrsignerHex(), identity.debug());
    identity.tcbStatus().ifPresent(s -> d.tcb(s.intelName(), identity.advisoryIds()));

    if (identity.kind() == EvidenceKind.SIMULATION && hostKind.isHardwareIsolated()) {
      return refuse(d, RefusalReason.HOST_KIND_MISMATCH, "the host says '" + hostKind.label()
          + "' (hardware isolated) but presents SIMULATION evidence; run it under SGX or label it"
          + " with its real mode");
    }
    try {
      policy.check(identity);
    } catch (PolicyViolationException e) {
      String prefix = e.rule() + ": ";
      String message = e.getMessage().startsWith(prefix)
          ? e.getMessage().substring(prefix.length()) : e.getMessage();
      return refuse(d, RefusalReason.of(e.rule()), message);
    }
    try {
      ReportData.checkBinding(identity, request.publicKey(), nonce);
    } catch (GeneralSecurityException e) {
      return refuse(d, RefusalReason.KEY_NOT_BOUND, e.getMessage());
    }

    Map<String, PatientKeys> keys;
    try {
      keys = keyStore.loadAll(request.patients());
    } catch (UnknownPatientException e) {
      return refuse(d, RefusalReason.UNKNOWN_PATIENT, e.getMessage());
    } catch (IOException | GeneralSecurityException e) {
      // The operator needs the cause; the requester only needs to know it is not their fault.
      LOG.log(Level.SEVERE, "cannot read the key store: " + e.getMessage());
      return refuse(d, RefusalReason.BROKER_ERROR, "the broker cannot read its key store; see its log");
    }
    byte[] sealed;
    try {
      sealed = KeyRelease.seal(request.publicKey(), nonce, keys);
    } catch (GeneralSecurityException e) {
      return refuse(d, RefusalReason.PUBLIC_KEY_INVALID, e.getMessage());
    }
    String message = "evidence verified, policy satisfied, public key and nonce bound";
    if (identity.kind() == EvidenceKind.SIMULATION) {
      message += "; " + ReleaseDecision.SIMULATION_WARNING;
    }
    return record(d.grant(message), sealed);
  }

  private Outcome refuse(ReleaseDecision.Builder d, RefusalReason reason, String message)
      throws AuditFailedException {
    return record(d.refuse(reason, message), null);
  }

  private Outcome record(ReleaseDecision decision, byte[] sealed) throws AuditFailedException {
    try {
      audit.append(decision);
    } catch (IOException e) {
      throw new AuditFailedException(e);
    }
    try {
      listener.accept(decision);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "release listener failed: " + e);
    }
    return new Outcome(decision, sealed);
  }
}
