package org.trustbeat.attestation.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.trustbeat.testing.SharedData;

/**
 * The real SGX test vectors in {@code shared/data/sgx}, found by walking up from the working
 * directory: surefire runs in the module directory, CI in a clone with {@code shared/} beside it.
 */
public final class SgxTestData {
  /**
   * Inside the validity of the real PCK chain and of both real CRLs (processor CRL:
   * 2023-04-21..05-21).
   */
  public static final Instant REAL_DATA_VALID_AT = Instant.parse("2023-05-01T00:00:00Z");

  /** After the processor CRL's nextUpdate (2023-05-21) but within all certificates' validity. */
  public static final Instant PROCESSOR_CRL_STALE_AT = Instant.parse("2023-06-15T00:00:00Z");

  /**
   * Inside the validity of every part of the Phala quote's collateral: the latest issue is the TCB
   * info's (2025-06-19T10:56:11Z), the earliest nextUpdate the QE identity's
   * (2025-07-19T10:01:18Z).
   */
  public static final Instant PHALA_VALID_AT = Instant.parse("2025-06-25T00:00:00Z");

  private SgxTestData() {}

  public static Path directory() {
    return SharedData.file("sgx");
  }

  public static byte[] read(String name) {
    try {
      return Files.readAllBytes(directory().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] hwQuote() {
    return read("hw_quote.dat");
  }

  public static byte[] leafCertDer() {
    return read("leaf_cert.der");
  }

  public static byte[] processorCrlDer() {
    return read("processor_crl.der");
  }

  public static byte[] rootCrlDer() {
    return read("root_crl.der");
  }

  /** A genuine quote v3 (not debug) whose complete collateral Intel issued on 2025-06-19. */
  public static byte[] phalaQuote() {
    return read("phala_sgx_quote.dat");
  }

  /** The Phala quote's collateral in dcap-qvl's JSON layout. */
  public static byte[] phalaCollateral() {
    return read("phala_sgx_quote_collateral.json");
  }
}
