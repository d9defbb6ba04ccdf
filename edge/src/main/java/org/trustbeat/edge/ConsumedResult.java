package org.trustbeat.edge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.trustbeat.hrv.Quality;
import org.trustbeat.protocol.Completeness;
import org.trustbeat.protocol.ResultHeader;

/**
 * An opened, checked result for one window: the authenticated header and the enclave's JSON.
 *
 * <h2>Security guarantees</h2>
 *
 * The header was authenticated together with the body, so {@link #hostKind()} and {@link
 * #attestationKind()} are what the enclave that held the result key wrote; {@link #label()} repeats
 * them as they are and adds "no hardware protection" unless they say SGX with a DCAP quote and the
 * patient is not a test patient. {@link #toString()} shows the header and the JSON's length, never
 * the metrics.
 */
public final class ConsumedResult {
  /** A key of the flat result body and its number (or null). */
  private static final Pattern NUMBERS =
      Pattern.compile("\"([a-z0-9_]+)\":(-?[0-9][0-9.eE+-]*|null)");

  private static final Pattern QUALITY = Pattern.compile("\"quality\":\"(good|fair|poor)\"");

  private final ResultHeader header;
  private final String json;
  private final boolean testPatient;

  ConsumedResult(ResultHeader header, String json, boolean testPatient) {
    this.header = header;
    this.json = json;
    this.testPatient = testPatient;
  }

  public ResultHeader header() {
    return header;
  }

  public String patient() {
    return header.patient();
  }

  public long windowStartMillis() {
    return header.windowStartMillis();
  }

  public long windowLengthMillis() {
    return header.windowLengthMillis();
  }

  public String algorithm() {
    return header.algorithm();
  }

  public String jobId() {
    return header.jobId();
  }

  public String hostKind() {
    return header.hostKind();
  }

  public String attestationKind() {
    return header.attestationKind();
  }

  /**
   * The window's completeness counters as the enclave sealed them with the result (authenticated;
   * rejections by total only).
   */
  public Completeness completeness() {
    return header.completeness();
  }

  /** The decrypted result body: the enclave's JSON text. */
  public String json() {
    return json;
  }

  /**
   * The window's quality grade (HRV-SPEC section 4), as the enclave wrote it in the body; a {@code
   * poor} window's metrics must be shown marked as poor.
   *
   * @throws IllegalStateException if the body has no quality (a result of a version before HRV-SPEC
   *     version 2)
   */
  public Quality quality() {
    Matcher m = QUALITY.matcher(json);
    if (!m.find()) {
      throw new IllegalStateException(
          "the result body has no quality grade; it was made by a TrustBeat before HRV-SPEC v2");
    }
    return Quality.fromSpecName(m.group(1));
  }

  /**
   * The window's {@code artifact_pct}: the share of its beats the cleaning rejected, in percent.
   */
  public double artifactPercent() {
    Double v = number("artifact_pct");
    if (v == null) {
      throw new IllegalStateException(
          "the result body has no artifact_pct; it was made by a TrustBeat before HRV-SPEC v2");
    }
    return v;
  }

  /**
   * One number of the (flat) result body by its HRV-SPEC name, e.g. {@code "mean_hr"}, or null when
   * the body does not have it or has it as {@code null}.
   */
  public Double number(String specName) {
    Matcher m = NUMBERS.matcher(json);
    while (m.find()) {
      if (m.group(1).equals(specName)) {
        return m.group(2).equals("null") ? null : Double.valueOf(m.group(2));
      }
    }
    return null;
  }

  /**
   * Whether the header claims an SGX host with a DCAP-verified key release, for a patient who is
   * not a test patient (a test patient's keys may go to simulated enclaves, so no result of theirs
   * counts as protected, whatever its header says).
   */
  public boolean claimsHardwareProtection() {
    return !testPatient && headerClaimsHardware();
  }

  private boolean headerClaimsHardware() {
    return "sgx".equals(header.hostKind()) && "SGX_DCAP".equals(header.attestationKind());
  }

  /** Whether the consumer was told this is a test patient. */
  public boolean testPatient() {
    return testPatient;
  }

  /**
   * E.g. {@code [sealed-inprocess, SIMULATION attestation: no hardware protection]} or {@code [sgx,
   * SGX_DCAP attestation]}.
   */
  public String label() {
    return "["
        + header.hostKind()
        + ", "
        + header.attestationKind()
        + " attestation"
        + (testPatient && headerClaimsHardware() ? ", test patient: treated as simulation" : "")
        + (claimsHardwareProtection() ? "" : ": no hardware protection")
        + "]";
  }

  @Override
  public String toString() {
    return "ConsumedResult{" + label() + " " + header + ", jsonChars=" + json.length() + "}";
  }
}
