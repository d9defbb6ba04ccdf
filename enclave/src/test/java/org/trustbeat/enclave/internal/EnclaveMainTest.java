package org.trustbeat.enclave.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trustbeat.enclave.EnclaveTesting;

class EnclaveMainTest {
  @Test
  void options_refuseInconsistentModes() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            EnclaveMain.Options.parse(
                new String[] {
                  "--socket",
                  "/tmp/x",
                  "--host-kind",
                  "sgx",
                  "--attestation",
                  "simulation",
                  "--simulation-key",
                  "/tmp/k"
                }));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            EnclaveMain.Options.parse(
                new String[] {
                  "--socket",
                  "/tmp/x",
                  "--tcp-port",
                  "0",
                  "--host-kind",
                  "sealed-process",
                  "--attestation",
                  "simulation",
                  "--simulation-key",
                  "/tmp/k"
                }));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            EnclaveMain.Options.parse(
                new String[] {
                  "--socket",
                  "/tmp/x",
                  "--host-kind",
                  "sealed-process",
                  "--attestation",
                  "simulation"
                }));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            EnclaveMain.Options.parse(
                new String[] {
                  "--socket",
                  "/tmp/x",
                  "--host-kind",
                  "plain",
                  "--attestation",
                  "simulation",
                  "--simulation-key",
                  "/tmp/k"
                }));
    IllegalArgumentException noKey =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                EnclaveMain.Options.parse(
                    new String[] {
                      "--tcp-port", "0", "--host-kind", "sgx", "--attestation", "dcap"
                    }));
    assertTrue(noKey.getMessage().contains("--key-broker-key"), noKey.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            EnclaveMain.Options.parse(
                new String[] {
                  "--tcp-port",
                  "0",
                  "--host-kind",
                  "sgx",
                  "--attestation",
                  "dcap",
                  "--key-broker-key",
                  "not-a-key"
                }));
    EnclaveMain.Options ok =
        EnclaveMain.Options.parse(
            new String[] {
              "--tcp-port",
              "0",
              "--host-kind",
              "sgx",
              "--attestation",
              "dcap",
              "--key-broker-key",
              EnclaveTesting.KEY_BROKER.verificationKey().toText()
            });
    assertTrue(ok.dcap);
  }
}
