package org.trustbeat.attestation;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The TCB status Intel assigns to a platform's TCB level (TCB info v3) and to a Quoting Enclave's
 * ISVSVN (QE identity v2), as computed by {@link DcapQuoteVerifier} from signed collateral. {@link
 * #intelName()} is the spelling of Intel's collateral and of Intel's Quote Verification Library,
 * used in all output.
 */
public enum TcbStatus {
  /** The platform is patched to the latest TCB level; no advisory applies. */
  UP_TO_DATE("UpToDate"),
  /** Patched, but the advisories listed need software mitigations in the enclave. */
  SW_HARDENING_NEEDED("SWHardeningNeeded"),
  /**
   * Patched, but the platform's configuration (for example hyper-threading or BIOS) needs changes.
   */
  CONFIGURATION_NEEDED("ConfigurationNeeded"),
  /** Both of the above. */
  CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
  /** Missing security patches (microcode, SGX PSW or QE); the listed advisories are open. */
  OUT_OF_DATE("OutOfDate"),
  /** Missing patches and needing configuration changes. */
  OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
  /** Intel revoked this TCB level (or QE version); the verifier refuses it outright. */
  REVOKED("Revoked");

  private final String intelName;

  TcbStatus(String intelName) {
    this.intelName = intelName;
  }

  /** The status as Intel spells it, e.g. {@code "SWHardeningNeeded"}. */
  public String intelName() {
    return intelName;
  }

  /**
   * Reads Intel's spelling ({@code SWHardeningNeeded}) or this enum's ({@code
   * SW_HARDENING_NEEDED}), ignoring case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static TcbStatus parse(String name) {
    if (name != null) {
      String trimmed = name.trim();
      for (TcbStatus s : values()) {
        if (s.intelName.equalsIgnoreCase(trimmed) || s.name().equalsIgnoreCase(trimmed)) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        "'"
            + name
            + "' is not a TCB status; use one of "
            + Arrays.stream(values()).map(TcbStatus::intelName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return intelName;
  }
}
