package org.trustbeat.attestation;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which verified enclaves may receive keys. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults are strict: debug enclaves and simulation evidence are refused, and a policy must name
 * at least one allowed MRENCLAVE or MRSIGNER. When both sets are given, an enclave must match both.
 */
public final class AttestationPolicy {
  private final Set<String> mrenclaves;
  private final Set<String> mrsigners;
  private final boolean debugAllowed;
  private final boolean insecureSimulationAllowed;
  private final int minimumIsvSvn;
  private final OptionalInt isvProdId;

  private AttestationPolicy(Builder b) {
    this.mrenclaves = Set.copyOf(b.mrenclaves);
    this.mrsigners = Set.copyOf(b.mrsigners);
    this.debugAllowed = b.debugAllowed;
    this.insecureSimulationAllowed = b.insecureSimulationAllowed;
    this.minimumIsvSvn = b.minimumIsvSvn;
    this.isvProdId = b.isvProdId;
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
      throw new PolicyViolationException(PolicyRule.SIMULATION_REFUSED,
          "the evidence is a SIMULATION statement, not hardware protected; allow it with"
              + " --allow-insecure-simulation only on development machines");
    }
    if (identity.debug() && !debugAllowed) {
      throw new PolicyViolationException(PolicyRule.DEBUG_REFUSED,
          "enclave " + identity.mrenclaveHex() + " runs in debug mode, so the host can read its"
              + " memory; build it in release mode, or allow debug with --allow-debug for tests");
    }
    if (!mrenclaves.isEmpty() && !mrenclaves.contains(identity.mrenclaveHex())) {
      throw new PolicyViolationException(PolicyRule.MRENCLAVE_NOT_ALLOWED,
          "MRENCLAVE " + identity.mrenclaveHex() + " is not in the policy; add it with"
              + " --allow-mrenclave if this build is trusted");
    }
    if (!mrsigners.isEmpty() && !mrsigners.contains(identity.mrsignerHex())) {
      throw new PolicyViolationException(PolicyRule.MRSIGNER_NOT_ALLOWED,
          "MRSIGNER " + identity.mrsignerHex() + " is not in the policy; add it with"
              + " --allow-mrsigner if enclaves signed by this key are trusted");
    }
    if (isvProdId.isPresent() && isvProdId.getAsInt() != identity.isvProdId()) {
      throw new PolicyViolationException(PolicyRule.ISV_PROD_ID_NOT_ALLOWED,
          "ISV product id " + identity.isvProdId() + " is not the allowed " + isvProdId.getAsInt()
              + "; this is another product of the same signer, or change --isv-prod-id");
    }
    if (identity.isvSvn() < minimumIsvSvn) {
      throw new PolicyViolationException(PolicyRule.ISV_SVN_TOO_LOW,
          "ISV SVN " + identity.isvSvn() + " is below the minimum " + minimumIsvSvn
              + "; deploy the patched enclave, or lower --min-isv-svn if this version is still trusted");
    }
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

  @Override
  public String toString() {
    return "AttestationPolicy{mrenclaves=" + new TreeSet<>(mrenclaves)
        + ", mrsigners=" + new TreeSet<>(mrsigners)
        + ", debugAllowed=" + debugAllowed
        + ", insecureSimulationAllowed=" + insecureSimulationAllowed
        + ", minimumIsvSvn=" + minimumIsvSvn
        + ", isvProdId=" + (isvProdId.isPresent() ? isvProdId.getAsInt() : "any") + "}";
  }

  /** Rejects bad values when they are set, so a misconfigured policy fails where it is written. */
  public static final class Builder {
    private final Set<String> mrenclaves = new TreeSet<>();
    private final Set<String> mrsigners = new TreeSet<>();
    private boolean debugAllowed;
    private boolean insecureSimulationAllowed;
    private int minimumIsvSvn;
    private OptionalInt isvProdId = OptionalInt.empty();

    private Builder() {}

    /** @param hex 64 hex digits, either case */
    public Builder allowMrenclave(String hex) {
      mrenclaves.add(measurement(hex, "MRENCLAVE"));
      return this;
    }

    public Builder allowMrenclave(byte[] mrenclave) {
      return allowMrenclave(HexFormat.of().formatHex(mrenclave));
    }

    /** @param hex 64 hex digits, either case */
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

    /** @throws IllegalStateException if neither an MRENCLAVE nor an MRSIGNER was allowed */
    public AttestationPolicy build() {
      if (mrenclaves.isEmpty() && mrsigners.isEmpty()) {
        throw new IllegalStateException("the policy allows no MRENCLAVE and no MRSIGNER, so it would"
            + " trust any enclave; add --allow-mrenclave or --allow-mrsigner");
      }
      return new AttestationPolicy(this);
    }

    private static String measurement(String hex, String name) {
      Objects.requireNonNull(hex, name);
      String normalized = hex.trim().toLowerCase(Locale.ROOT);
      if (!normalized.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(name + " must be 64 hex digits (32 bytes), got '" + hex
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
