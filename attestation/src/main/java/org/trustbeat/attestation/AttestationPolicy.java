package org.trustbeat.attestation;

import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which verified enclaves may receive keys. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults are strict: debug enclaves and simulation evidence are refused, a policy must name at
 * least one allowed MRENCLAVE or MRSIGNER, and an SGX enclave's platform must have the TCB status
 * {@link TcbStatus#UP_TO_DATE} (computed from Intel's collateral by {@link DcapQuoteVerifier});
 * other statuses are accepted only when named with {@link Builder#acceptTcbStatus}. When both
 * measurement sets are given, an enclave must match both.
 */
public final class AttestationPolicy {
  private final Set<String> mrenclaves;
  private final Set<String> mrsigners;
  private final boolean debugAllowed;
  private final boolean insecureSimulationAllowed;
  private final int minimumIsvSvn;
  private final OptionalInt isvProdId;
  private final Set<TcbStatus> acceptedTcbStatuses;

  private AttestationPolicy(Builder b) {
    this.mrenclaves = Set.copyOf(b.mrenclaves);
    this.mrsigners = Set.copyOf(b.mrsigners);
    this.debugAllowed = b.debugAllowed;
    this.insecureSimulationAllowed = b.insecureSimulationAllowed;
    this.minimumIsvSvn = b.minimumIsvSvn;
    this.isvProdId = b.isvProdId;
    this.acceptedTcbStatuses = Set.copyOf(b.acceptedTcbStatuses);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * @throws PolicyViolationException naming the first rule {@code identity} breaks and how to
   *     change the policy if the enclave is in fact trusted
   */
  public void check(EnclaveIdentity identity) throws PolicyViolationException {
    Objects.requireNonNull(identity, "identity");
    if (identity.kind() == EvidenceKind.SIMULATION && !insecureSimulationAllowed) {
      throw new PolicyViolationException(
          PolicyRule.SIMULATION_REFUSED,
          "the evidence is a SIMULATION statement, not hardware protected; allow it with"
              + " --allow-insecure-simulation only on development machines");
    }
    if (identity.debug() && !debugAllowed) {
      throw new PolicyViolationException(
          PolicyRule.DEBUG_REFUSED,
          "enclave "
              + identity.mrenclaveHex()
              + " runs in debug mode, so the host can read its"
              + " memory; build it in release mode, or allow debug with --allow-debug for tests");
    }
    if (!mrenclaves.isEmpty() && !mrenclaves.contains(identity.mrenclaveHex())) {
      throw new PolicyViolationException(
          PolicyRule.MRENCLAVE_NOT_ALLOWED,
          "MRENCLAVE "
              + identity.mrenclaveHex()
              + " is not in the policy; add it with"
              + " --allow-mrenclave if this build is trusted");
    }
    if (!mrsigners.isEmpty() && !mrsigners.contains(identity.mrsignerHex())) {
      throw new PolicyViolationException(
          PolicyRule.MRSIGNER_NOT_ALLOWED,
          "MRSIGNER "
              + identity.mrsignerHex()
              + " is not in the policy; add it with"
              + " --allow-mrsigner if enclaves signed by this key are trusted");
    }
    if (isvProdId.isPresent() && isvProdId.getAsInt() != identity.isvProdId()) {
      throw new PolicyViolationException(
          PolicyRule.ISV_PROD_ID_NOT_ALLOWED,
          "ISV product id "
              + identity.isvProdId()
              + " is not the allowed "
              + isvProdId.getAsInt()
              + "; this is another product of the same signer, or change --isv-prod-id");
    }
    if (identity.isvSvn() < minimumIsvSvn) {
      throw new PolicyViolationException(
          PolicyRule.ISV_SVN_TOO_LOW,
          "ISV SVN "
              + identity.isvSvn()
              + " is below the minimum "
              + minimumIsvSvn
              + "; deploy the patched enclave, or lower --min-isv-svn if this version is still trusted");
    }
    if (identity.kind() == EvidenceKind.SGX_DCAP) {
      checkTcb(identity);
    }
  }

  private void checkTcb(EnclaveIdentity identity) throws PolicyViolationException {
    if (identity.tcbStatus().isEmpty()) {
      throw new PolicyViolationException(
          PolicyRule.TCB_STATUS_NOT_ALLOWED,
          "the quote's TCB status was not evaluated (it was verified without collateral), so the"
              + " platform may be unpatched or its Quoting Enclave fake; verify it with Intel's"
              + " collateral (--collateral)");
    }
    TcbStatus status = identity.tcbStatus().get();
    if (!acceptedTcbStatuses.contains(status)) {
      throw new PolicyViolationException(
          PolicyRule.TCB_STATUS_NOT_ALLOWED,
          "the platform's TCB status is "
              + status.intelName()
              + " (advisories "
              + identity.advisoryIds()
              + ") but the policy accepts only "
              + names(acceptedTcbStatuses)
              + "; patch the platform, or accept it with --accept-tcb-status "
              + status.intelName()
              + " after reviewing those advisories");
    }
  }

  private static String names(Set<TcbStatus> statuses) {
    StringBuilder sb = new StringBuilder();
    for (TcbStatus s : EnumSet.copyOf(statuses)) {
      sb.append(sb.length() == 0 ? "" : ", ").append(s.intelName());
    }
    return sb.toString();
  }

  public Set<String> allowedMrenclaves() {
    return mrenclaves;
  }

  public Set<String> allowedMrsigners() {
    return mrsigners;
  }

  public boolean debugAllowed() {
    return debugAllowed;
  }

  public boolean insecureSimulationAllowed() {
    return insecureSimulationAllowed;
  }

  public int minimumIsvSvn() {
    return minimumIsvSvn;
  }

  public OptionalInt isvProdId() {
    return isvProdId;
  }

  /** The TCB statuses an SGX enclave's platform may have; never empty, never {@code Revoked}. */
  public Set<TcbStatus> acceptedTcbStatuses() {
    return acceptedTcbStatuses;
  }

  @Override
  public String toString() {
    return "AttestationPolicy{mrenclaves="
        + new TreeSet<>(mrenclaves)
        + ", mrsigners="
        + new TreeSet<>(mrsigners)
        + ", debugAllowed="
        + debugAllowed
        + ", insecureSimulationAllowed="
        + insecureSimulationAllowed
        + ", minimumIsvSvn="
        + minimumIsvSvn
        + ", isvProdId="
        + (isvProdId.isPresent() ? isvProdId.getAsInt() : "any")
        + ", acceptedTcbStatuses=["
        + names(acceptedTcbStatuses)
        + "]}";
  }

  /** Rejects bad values when they are set, so a misconfigured policy fails where it is written. */
  public static final class Builder {
    private final Set<String> mrenclaves = new TreeSet<>();
    private final Set<String> mrsigners = new TreeSet<>();
    private boolean debugAllowed;
    private boolean insecureSimulationAllowed;
    private int minimumIsvSvn;
    private OptionalInt isvProdId = OptionalInt.empty();
    private final Set<TcbStatus> acceptedTcbStatuses = EnumSet.of(TcbStatus.UP_TO_DATE);

    private Builder() {}

    /**
     * @param hex 64 hex digits, either case
     */
    public Builder allowMrenclave(String hex) {
      mrenclaves.add(measurement(hex, "MRENCLAVE"));
      return this;
    }

    public Builder allowMrenclave(byte[] mrenclave) {
      return allowMrenclave(HexFormat.of().formatHex(mrenclave));
    }

    /**
     * @param hex 64 hex digits, either case
     */
    public Builder allowMrsigner(String hex) {
      mrsigners.add(measurement(hex, "MRSIGNER"));
      return this;
    }

    public Builder allowMrsigner(byte[] mrsigner) {
      return allowMrsigner(HexFormat.of().formatHex(mrsigner));
    }

    public Builder allowDebug(boolean allow) {
      this.debugAllowed = allow;
      return this;
    }

    /** Lets software-signed simulation statements through. Never enable in production. */
    public Builder allowInsecureSimulation(boolean allow) {
      this.insecureSimulationAllowed = allow;
      return this;
    }

    public Builder minimumIsvSvn(int svn) {
      this.minimumIsvSvn = u16(svn, "minimum ISV SVN");
      return this;
    }

    public Builder requireIsvProdId(int prodId) {
      this.isvProdId = OptionalInt.of(u16(prodId, "ISV product id"));
      return this;
    }

    /**
     * Also accepts SGX platforms of TCB status {@code status}, besides {@code UpToDate}. Review the
     * advisories such platforms carry first: {@code SWHardeningNeeded} is safe only for enclaves
     * built with the mitigations they name, {@code ConfigurationNeeded} only if the configuration
     * (for example hyper-threading) does not matter to the enclave.
     *
     * @throws IllegalArgumentException for {@link TcbStatus#REVOKED}, which no policy may accept
     */
    public Builder acceptTcbStatus(TcbStatus status) {
      Objects.requireNonNull(status, "status");
      if (status == TcbStatus.REVOKED) {
        throw new IllegalArgumentException(
            "a Revoked TCB level cannot be accepted; the verifier"
                + " refuses it before any policy applies");
      }
      acceptedTcbStatuses.add(status);
      return this;
    }

    /**
     * @throws IllegalStateException if neither an MRENCLAVE nor an MRSIGNER was allowed
     */
    public AttestationPolicy build() {
      if (mrenclaves.isEmpty() && mrsigners.isEmpty()) {
        throw new IllegalStateException(
            "the policy allows no MRENCLAVE and no MRSIGNER, so it would"
                + " trust any enclave; add --allow-mrenclave or --allow-mrsigner");
      }
      return new AttestationPolicy(this);
    }

    private static String measurement(String hex, String name) {
      Objects.requireNonNull(hex, name);
      String normalized = hex.trim().toLowerCase(Locale.ROOT);
      if (!normalized.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            name
                + " must be 64 hex digits (32 bytes), got '"
                + hex
                + "'; copy it from the enclave's signing output or `verify-quote`");
      }
      return normalized;
    }

    private static int u16(int value, String name) {
      if (value < 0 || value > 0xffff) {
        throw new IllegalArgumentException(name + " must be in 0..65535, got " + value);
      }
      return value;
    }
  }
}
