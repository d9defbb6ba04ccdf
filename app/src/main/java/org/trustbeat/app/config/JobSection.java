package org.trustbeat.app.config;

import java.time.Duration;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;

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
 * </pre>
 */
public record JobSection(HostKind mode, HrvJob analysis, String id, long windowSeconds) {
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
    return new JobSection(mode, analysis, id, t.integer("window_seconds", 30, 86_400, "300", 300));
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
