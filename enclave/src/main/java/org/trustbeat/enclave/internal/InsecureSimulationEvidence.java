package org.trustbeat.enclave.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.attestation.InsecureSimulationAttester;

/**
 * INSECURE: simulation statements signed with the installation's software key over the {@link
 * CodeMeasurement} of the loaded code. Proves nothing about isolation; the evidence says so and
 * verifies to {@link EvidenceKind#SIMULATION}.
 */
public final class InsecureSimulationEvidence implements EvidenceSource {
  private final InsecureSimulationAttester attester;
  private final byte[] measurement;

  private InsecureSimulationEvidence(InsecureSimulationAttester attester, byte[] measurement) {
    this.attester = attester;
    this.measurement = measurement;
  }

  public static InsecureSimulationEvidence create(Path simulationKeyFile)
      throws IOException, GeneralSecurityException {
    return new InsecureSimulationEvidence(
        InsecureSimulationAttester.loadOrCreate(simulationKeyFile), CodeMeasurement.ofLoadedCode());
  }

  @Override
  public Evidence attest(byte[] reportData) throws GeneralSecurityException {
    return attester.attestInsecurely(measurement, reportData, false);
  }

  @Override
  public String attestationKind() {
    return EvidenceKind.SIMULATION.name();
  }

  @Override
  public String protectionNote() {
    return "SIMULATION attestation: no hardware protection";
  }
}
