package org.trustbeat.enclave;

import java.io.IOException;
import org.trustbeat.enclave.internal.CodeMeasurement;

/**
 * The measurement a simulated enclave reports in place of MRENCLAVE: SHA-256 over the code of the
 * enclave program's own modules as this JVM loaded them. A key broker's policy for simulated
 * enclaves allows this value ({@code trustbeat init}, the demo); it protects nothing by itself,
 * since whoever holds the simulation key can sign any value.
 */
public final class SimulatedMeasurement {
  private SimulatedMeasurement() {}

  /** The 32-byte measurement of the enclave code this class loader sees. */
  public static byte[] ofLoadedCode() throws IOException {
    return CodeMeasurement.ofLoadedCode();
  }
}
