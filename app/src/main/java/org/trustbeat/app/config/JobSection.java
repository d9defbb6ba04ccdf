package org.trustbeat.app.config;

import java.time.Duration;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.server.ModeHostFactory;

/**
 * {@code [job]}: the analysis and where it runs. Patients' policies must allow it, and their result
 * readers pin it.
 *
 * <pre>
 * [job]
 * mode = "sealed-process"   # sealed-inprocess, sealed-process (both SIMULATION) or sgx
 * analysis = "hrv"          # hrv, hrv-bands, sdnn
 * id = "deploy"             # names the job in result headers
 * window_seconds = 300
 * enclave_heap_mb = 1024    # the enclave JVM's heap (sealed-process, sgx): about 0.9 kB per
 *                           # patient's keys plus the windows in flight
 * </pre>
 */
public record JobSection(
    HostKind mode, HrvJob analysis, String id, long windowSeconds, int enclaveHeapMb) {
  static JobSection read(TomlTable t) throws ConfigException {
    HostKind mode;
    String m = t.string("mode", "\"sealed-process\"");
    try {
      mode = HostKind.byLabel(m);
    } catch (IllegalArgumentException e) {
      throw t.error("mode", e.getMessage());
    }
    if (mode == HostKind.PLAIN) {
      throw t.error(
          "mode",
          "plain sends clear data through the host; use sealed-process,"
              + " sealed-inprocess or sgx");
    }
    HrvJob analysis;
    try {
      analysis = HrvJob.byName(t.string("analysis", "\"hrv\"", "hrv"));
    } catch (IllegalArgumentException e) {
      throw t.error("analysis", e.getMessage());
    }
    if (analysis == HrvJob.IDENTITY) {
      throw t.error("analysis", "identity returns raw samples; use hrv, hrv-bands or sdnn");
    }
    String id = t.string("id", "\"deploy\"", "deploy");
    if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
      throw t.error("id", "\"" + id + "\" must be 1..64 characters of [A-Za-z0-9._-]");
    }
    return new JobSection(
        mode,
        analysis,
        id,
        t.integer("window_seconds", 30, 86_400, "300", 300),
        (int)
            t.integer(
                "enclave_heap_mb",
                ModeHostFactory.MIN_ENCLAVE_HEAP_MB,
                1_048_576,
                "1024",
                ModeHostFactory.DEFAULT_ENCLAVE_HEAP_MB));
  }

  public Duration window() {
    return Duration.ofSeconds(windowSeconds);
  }

  /** The label every output of this deployment carries. */
  public String label() {
    return mode == HostKind.SGX
        ? "[sgx, SGX_DCAP attestation]"
        : "[" + mode.label() + ", SIMULATION attestation: no hardware protection]";
  }
}
