package org.trustbeat.edge;

import org.trustbeat.protocol.ResultHeader;

/**
 * An opened, checked result for one window: the authenticated header and the enclave's JSON.
 *
 * <h2>Security guarantees</h2>
 * The header was authenticated together with the body, so {@link #hostKind()} and {@link
 * #attestationKind()} are what the enclave that held the result key wrote; {@link #label()}
 * repeats them as they are and adds "no hardware protection" unless they say SGX with a DCAP
 * quote. {@link #toString()} shows the header and the JSON's length, never the metrics.
 */
public final class ConsumedResult {
  private final ResultHeader header;
  private final String json;

  ConsumedResult(ResultHeader header, String json) {
    this.header = header;
    this.json = json;
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

  /** The decrypted result body: the enclave's JSON text. */
  public String json() {
    return json;
  }

  /** Whether the header claims an SGX host with a DCAP-verified key release. */
  public boolean claimsHardwareProtection() {
    return "sgx".equals(header.hostKind()) && "SGX_DCAP".equals(header.attestationKind());
  }

  /**
   * E.g. {@code [sealed-inprocess, SIMULATION attestation: no hardware protection]} or {@code
   * [sgx, SGX_DCAP attestation]}.
   */
  public String label() {
    return "["
        + header.hostKind()
        + ", "
        + header.attestationKind()
        + " attestation"
        + (claimsHardwareProtection() ? "" : ": no hardware protection")
        + "]";
  }

  @Override
  public String toString() {
    return "ConsumedResult{" + label() + " " + header + ", jsonChars=" + json.length() + "}";
  }
}
