package org.trustbeat.enclave.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.protocol.KeyBrokerVerificationKey;

/**
 * How to run the enclave program: which key broker it takes releases from, where the simulation key
 * lives, where to put the private work directories of enclave processes, what JVM and class path
 * they use, and the Gramine-SGX settings. Immutable; build with {@link #builder()}. Defaults suit
 * one machine; every sealed mode needs {@link Builder#setKeyBrokerKey}, and the simulated modes
 * also {@link Builder#setSimulationKeyFile}.
 */
public final class EnclaveConfig {
  /**
   * The enclave JVM's default heap in MiB. The enclave holds every patient's keys (about 0.9 kB
   * each) plus the windows of the calls in flight; with 512 MiB and the serial collector, the
   * enclave JVM of an 80 000-patient sealed-process probe spent 3.9 s of every 90 s in full
   * collections during closing batches (README, capacity).
   */
  public static final int DEFAULT_CHILD_HEAP_MB = 1024;

  private final KeyBrokerVerificationKey keyBrokerKey;
  private final Path simulationKeyFile;
  private final Path workDir;
  private final String classpath;
  private final Path javaExecutable;
  private final String childHeap;
  private final Duration startTimeout;
  private final int connections;
  private final int maxFrameBytes;
  private final Path attestationDir;
  private final String gramineSgxCommand;
  private final Path sgxDevice;
  private final String enclaveSize;
  private final int enclaveThreads;

  private EnclaveConfig(Builder b) {
    keyBrokerKey = b.keyBrokerKey;
    simulationKeyFile = b.simulationKeyFile;
    workDir = b.workDir;
    classpath = b.classpath;
    javaExecutable = b.javaExecutable;
    childHeap = b.childHeap;
    startTimeout = b.startTimeout;
    connections = b.connections;
    maxFrameBytes = b.maxFrameBytes;
    attestationDir = b.attestationDir;
    gramineSgxCommand = b.gramineSgxCommand;
    sgxDevice = b.sgxDevice;
    enclaveSize = b.enclaveSize;
    enclaveThreads = b.enclaveThreads;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The key broker's release-verification key the enclave pins (part of its measured configuration
   * under Gramine-SGX, bound into its report data in every mode), or null.
   */
  public KeyBrokerVerificationKey keyBrokerKey() {
    return keyBrokerKey;
  }

  /** The INSECURE simulation signing key file (created on first use), or null. */
  public Path simulationKeyFile() {
    return simulationKeyFile;
  }

  /** Parent of the private (0700) directories enclave processes get for socket, log, manifest. */
  public Path workDir() {
    return workDir;
  }

  /** The enclave process's class path, or null for the minimal one found from loaded classes. */
  public String classpath() {
    return classpath;
  }

  public Path javaExecutable() {
    return javaExecutable;
  }

  /** The enclave JVM's -Xmx value, e.g. "512m". */
  public String childHeap() {
    return childHeap;
  }

  /**
   * The enclave JVM's memory options: the heap committed up front ({@code -Xms} equal to {@code
   * -Xmx}), the serial collector and no shared performance counters. An enclave's memory is fixed
   * when it starts, and a heap that starts small and grows only after full collections cost the
   * {@code sealed-process} enclave 22 full collections (6.0 s of pauses, every connection stopped)
   * in one 5-minute window cycle at 100 000 patients, with at most 450 MB of its 1 GiB in use.
   */
  public List<String> childJvmOptions() {
    return List.of("-Xms" + childHeap, "-Xmx" + childHeap, "-XX:+UseSerialGC", "-XX:-UsePerfData");
  }

  public Duration startTimeout() {
    return startTimeout;
  }

  /** Connections to an enclave process, i.e. how many batches it works on at once. */
  public int connections() {
    return connections;
  }

  /** Largest frame on the host–enclave channel, in bytes. */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** Gramine's attestation directory as the enclave sees it, normally /dev/attestation. */
  public Path attestationDir() {
    return attestationDir;
  }

  public String gramineSgxCommand() {
    return gramineSgxCommand;
  }

  public Path sgxDevice() {
    return sgxDevice;
  }

  /** Gramine's sgx.enclave_size, e.g. "8G". */
  public String enclaveSize() {
    return enclaveSize;
  }

  /** Gramine's sgx.max_threads; a JVM needs dozens. */
  public int enclaveThreads() {
    return enclaveThreads;
  }

  /**
   * The pinned key broker key, for the sealed modes.
   *
   * @throws IllegalArgumentException naming the mode and the setting when none is configured
   */
  public KeyBrokerVerificationKey requireKeyBrokerKey(HostKind mode) {
    if (keyBrokerKey == null) {
      throw new IllegalArgumentException(
          mode.label()
              + " needs the key broker's verification key,"
              + " which the enclave pins to accept only that broker's signed releases; set"
              + " EnclaveConfig.Builder.setKeyBrokerKey (the key broker writes it to"
              + " DIR/release-verification-key.txt)");
    }
    return keyBrokerKey;
  }

  /**
   * The enclave program's options that every remote enclave of {@code mode} takes: the key broker
   * key it pins and its frame and connection limits.
   *
   * @throws IllegalArgumentException if no key broker key is set
   */
  public List<String> enclaveProgramOptions(HostKind mode) {
    return List.of(
        "--key-broker-key",
        requireKeyBrokerKey(mode).toText(),
        "--max-frame-bytes",
        Integer.toString(maxFrameBytes),
        "--max-connections",
        Integer.toString(connections + 2));
  }

  @Override
  public String toString() {
    return "EnclaveConfig{workDir="
        + workDir
        + ", keyBroker="
        + (keyBrokerKey == null ? "none" : keyBrokerKey.shortFingerprint())
        + ", simulationKeyFile="
        + simulationKeyFile
        + ", classpath="
        + (classpath == null ? "minimal" : "configured")
        + ", childHeap="
        + childHeap
        + ", connections="
        + connections
        + ", maxFrameBytes="
        + maxFrameBytes
        + ", enclaveSize="
        + enclaveSize
        + ", enclaveThreads="
        + enclaveThreads
        + "}";
  }

  /** Validating builder. */
  public static final class Builder {
    private KeyBrokerVerificationKey keyBrokerKey;
    private Path simulationKeyFile;
    private Path workDir = Path.of(System.getProperty("java.io.tmpdir"));
    private String classpath;
    private Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
    private String childHeap = DEFAULT_CHILD_HEAP_MB + "m";
    private Duration startTimeout = Duration.ofSeconds(60);
    private int connections = 2;
    private int maxFrameBytes = 64 << 20;
    private Path attestationDir = Path.of("/dev/attestation");
    private String gramineSgxCommand = "gramine-sgx";
    private Path sgxDevice = Path.of("/dev/sgx_enclave");
    private String enclaveSize = "8G";
    private int enclaveThreads = 128;

    private Builder() {}

    /**
     * The verification key of the key broker whose signed releases the enclave takes; any other
     * release (unsigned, signed by another key, for another round) is refused.
     */
    public Builder setKeyBrokerKey(KeyBrokerVerificationKey key) {
      this.keyBrokerKey = key;
      return this;
    }

    public Builder setSimulationKeyFile(Path file) {
      this.simulationKeyFile = file;
      return this;
    }

    public Builder setWorkDir(Path dir) {
      this.workDir = dir;
      return this;
    }

    /** Overrides the minimal class path (every entry must exist and hold the TrustBeat modules). */
    public Builder setClasspath(String classpath) {
      this.classpath = classpath;
      return this;
    }

    public Builder setJavaExecutable(Path java) {
      this.javaExecutable = java;
      return this;
    }

    public Builder setChildHeap(String heap) {
      this.childHeap = heap;
      return this;
    }

    public Builder setStartTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    public Builder setConnections(int connections) {
      this.connections = connections;
      return this;
    }

    public Builder setMaxFrameBytes(int maxFrameBytes) {
      this.maxFrameBytes = maxFrameBytes;
      return this;
    }

    public Builder setAttestationDir(Path dir) {
      this.attestationDir = dir;
      return this;
    }

    public Builder setGramineSgxCommand(String command) {
      this.gramineSgxCommand = command;
      return this;
    }

    public Builder setSgxDevice(Path device) {
      this.sgxDevice = device;
      return this;
    }

    public Builder setEnclaveSize(String size) {
      this.enclaveSize = size;
      return this;
    }

    public Builder setEnclaveThreads(int threads) {
      this.enclaveThreads = threads;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the bad setting and its fix
     */
    public EnclaveConfig build() {
      Objects.requireNonNull(workDir, "workDir");
      Objects.requireNonNull(javaExecutable, "javaExecutable");
      Objects.requireNonNull(attestationDir, "attestationDir");
      if (!Files.isDirectory(workDir)) {
        throw new IllegalArgumentException(
            "work dir "
                + workDir
                + " is not a directory; create it"
                + " or point setWorkDir at an existing one");
      }
      if (childHeap == null || !childHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
        throw new IllegalArgumentException(
            "child heap '" + childHeap + "' is not a -Xmx size;" + " use e.g. 512m or 2g");
      }
      if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("start timeout must be positive");
      }
      if (connections < 1 || connections > 64) {
        throw new IllegalArgumentException("connections must be in [1, 64], was " + connections);
      }
      if (maxFrameBytes < (1 << 16) || maxFrameBytes > (1 << 30)) {
        throw new IllegalArgumentException(
            "maxFrameBytes must be in [64 KiB, 1 GiB], was " + maxFrameBytes);
      }
      if (enclaveSize == null || !enclaveSize.matches("[1-9][0-9]*[MG]")) {
        throw new IllegalArgumentException(
            "enclave size '"
                + enclaveSize
                + "' must look like 8G"
                + " or 512M (Gramine wants a power of two)");
      }
      long bytes =
          Long.parseLong(enclaveSize.substring(0, enclaveSize.length() - 1))
              << (enclaveSize.endsWith("G") ? 30 : 20);
      if (Long.bitCount(bytes) != 1) {
        throw new IllegalArgumentException(
            "enclave size "
                + enclaveSize
                + " is not a power of two;"
                + " Gramine requires one, e.g. 4G or 8G");
      }
      if (enclaveThreads < 16 || enclaveThreads > 1024) {
        throw new IllegalArgumentException(
            "enclave threads must be in [16, 1024] (a JVM needs"
                + " dozens), was "
                + enclaveThreads);
      }
      if (gramineSgxCommand == null || gramineSgxCommand.isBlank()) {
        throw new IllegalArgumentException("gramine-sgx command is empty");
      }
      return new EnclaveConfig(this);
    }
  }
}
