package org.trustbeat.enclave;

/**
 * Where the analysis runs (shared/DESIGN.md, "Execution modes"). The label is carried in clear in
 * every result header and log line so that no output can pass for more protection than it had.
 */
public enum HostKind {
  /** Clear data, analysis in the Spark task: the paper's vanilla-Spark baseline. No protection. */
  PLAIN("plain", false),
  /** Sealed data, enclave code inside the executor JVM: same code and crypto, no isolation. */
  SEALED_INPROCESS("sealed-inprocess", false),
  /** Sealed data, a separate enclave JVM per executor over a local socket: no isolation. */
  SEALED_PROCESS("sealed-process", false),
  /** The enclave program under Gramine-SGX: hardware isolation, needs SGX. */
  SGX("sgx", true);

  private final String label;
  private final boolean hardwareIsolated;

  HostKind(String label, boolean hardwareIsolated) {
    this.label = label;
    this.hardwareIsolated = hardwareIsolated;
  }

  /** The mode name used on the command line, in result headers and in logs. */
  public String label() {
    return label;
  }

  /** Whether the CPU isolates the enclave from the host; only {@link #SGX} does. */
  public boolean isHardwareIsolated() {
    return hardwareIsolated;
  }

  public static HostKind byLabel(String label) {
    for (HostKind k : values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown mode '" + label + "'; use plain, sealed-inprocess, sealed-process or sgx");
  }

  @Override
  public String toString() {
    return label;
  }
}
