package org.trustbeat.attestation.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Wire format of an insecure simulation statement:
 *
 * <pre>
 * MARKER (ASCII) | format version (1) | flags (1, bit 0 = debug) | measurement (32) |
 * report data (64) | SHA-256 of the signer's X.509 public key (32) | ECDSA-P256-SHA256 r||s (64)
 * </pre>
 *
 * The marker comes first so that anyone dumping the bytes reads what they are.
 */
public final class InsecureSimulationStatement {
  public static final byte[] MARKER =
      "TRUSTBEAT SIMULATION -- NOT HARDWARE PROTECTED\n".getBytes(StandardCharsets.US_ASCII);
  public static final int FORMAT_VERSION = 1;
  private static final int FLAG_DEBUG = 1;
  private static final int SIGNED_SIZE = MARKER.length + 2 + 32 + 64 + 32;
  public static final int SIZE = SIGNED_SIZE + 64;

  private final boolean debug;
  private final byte[] measurement;
  private final byte[] reportData;
  private final byte[] signerKeyHash;
  private final byte[] signedPart;
  private final byte[] signature;

  private InsecureSimulationStatement(
      boolean debug,
      byte[] measurement,
      byte[] reportData,
      byte[] signerKeyHash,
      byte[] signedPart,
      byte[] signature) {
    this.debug = debug;
    this.measurement = measurement;
    this.reportData = reportData;
    this.signerKeyHash = signerKeyHash;
    this.signedPart = signedPart;
    this.signature = signature;
  }

  /** The bytes to sign; {@link #SIZE} - 64 long. */
  public static byte[] signedPart(
      boolean debug, byte[] measurement, byte[] reportData, byte[] signerKeyHash) {
    byte[] out = new byte[SIGNED_SIZE];
    int p = 0;
    System.arraycopy(MARKER, 0, out, p, MARKER.length);
    p += MARKER.length;
    out[p++] = FORMAT_VERSION;
    out[p++] = (byte) (debug ? FLAG_DEBUG : 0);
    System.arraycopy(measurement, 0, out, p, 32);
    p += 32;
    System.arraycopy(reportData, 0, out, p, 64);
    p += 64;
    System.arraycopy(signerKeyHash, 0, out, p, 32);
    return out;
  }

  public static InsecureSimulationStatement parse(byte[] bytes) throws GeneralSecurityException {
    if (bytes.length < MARKER.length
        || !MessageDigest.isEqual(Arrays.copyOf(bytes, MARKER.length), MARKER)) {
      throw new GeneralSecurityException(
          "not a TrustBeat simulation statement (marker missing);"
              + " pass evidence produced by InsecureSimulationAttester");
    }
    if (bytes.length != SIZE) {
      throw new GeneralSecurityException(
          "simulation statement has "
              + bytes.length
              + " bytes but"
              + " format "
              + FORMAT_VERSION
              + " has exactly "
              + SIZE
              + "; it was truncated or altered");
    }
    int p = MARKER.length;
    int version = bytes[p++] & 0xff;
    if (version != FORMAT_VERSION) {
      throw new GeneralSecurityException(
          "simulation statement format "
              + version
              + " is not supported (expected "
              + FORMAT_VERSION
              + "); upgrade the verifier");
    }
    int flags = bytes[p++] & 0xff;
    if ((flags & ~FLAG_DEBUG) != 0) {
      throw new GeneralSecurityException(
          String.format(
              "simulation statement has unknown flags 0x%02x; it was altered or made by a newer version",
              flags));
    }
    byte[] measurement = Arrays.copyOfRange(bytes, p, p + 32);
    p += 32;
    byte[] reportData = Arrays.copyOfRange(bytes, p, p + 64);
    p += 64;
    byte[] keyHash = Arrays.copyOfRange(bytes, p, p + 32);
    p += 32;
    return new InsecureSimulationStatement(
        (flags & FLAG_DEBUG) != 0,
        measurement,
        reportData,
        keyHash,
        Arrays.copyOf(bytes, SIGNED_SIZE),
        Arrays.copyOfRange(bytes, p, SIZE));
  }

  public boolean debug() {
    return debug;
  }

  public byte[] measurement() {
    return measurement.clone();
  }

  public byte[] reportData() {
    return reportData.clone();
  }

  public byte[] signerKeyHash() {
    return signerKeyHash.clone();
  }

  public byte[] signedPart() {
    return signedPart.clone();
  }

  public byte[] signature() {
    return signature.clone();
  }
}
