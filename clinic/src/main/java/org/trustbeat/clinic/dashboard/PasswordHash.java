package org.trustbeat.clinic.dashboard;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash as kept in the configuration: {@code
 * pbkdf2-sha256:ITERATIONS:SALT:HASH} (salt and hash in base64). Immutable.
 *
 * <h2>Security guarantees</h2>
 *
 * The configuration holds only the hash: 16 random salt bytes, 32 hash bytes, at least {@value
 * #MIN_ITERATIONS} iterations (default {@value #DEFAULT_ITERATIONS}, OWASP's 2023 figure for
 * PBKDF2-SHA256). {@link #matches} compares in constant time. {@link #toString()} shows the
 * iteration count only.
 */
public final class PasswordHash {
  public static final int DEFAULT_ITERATIONS = 600_000;
  public static final int MIN_ITERATIONS = 100_000;
  private static final String PREFIX = "pbkdf2-sha256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes {@code password} with a fresh random salt. */
  public static PasswordHash create(char[] password) {
    if (password.length < 10) {
      throw new IllegalArgumentException(
          "the dashboard password is too short; use at least 10 characters");
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return new PasswordHash(DEFAULT_ITERATIONS, salt, derive(password, salt, DEFAULT_ITERATIONS));
  }

  /**
   * Reads the text form.
   *
   * @throws IllegalArgumentException naming the form and how to make one
   */
  public static PasswordHash parse(String text) {
    String[] p = text.split(":");
    try {
      if (p.length == 4 && p[0].equals(PREFIX)) {
        int iterations = Integer.parseInt(p[1]);
        byte[] salt = Base64.getDecoder().decode(p[2]);
        byte[] hash = Base64.getDecoder().decode(p[3]);
        if (iterations >= MIN_ITERATIONS && salt.length >= 16 && hash.length == 32) {
          return new PasswordHash(iterations, salt, hash);
        }
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "[dashboard] password_hash is not a pbkdf2-sha256 hash of"
            + " at least "
            + MIN_ITERATIONS
            + " iterations; make one with 'trustbeat dashboard"
            + " --hash-password' and paste its line into the configuration");
  }

  /** Whether {@code password} is the hashed one (constant-time comparison). */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK lacks PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** The text form for the configuration. */
  public String toText() {
    return PREFIX
        + ":"
        + iterations
        + ":"
        + Base64.getEncoder().encodeToString(salt)
        + ":"
        + Base64.getEncoder().encodeToString(hash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PasswordHash h
        && h.iterations == iterations
        && Arrays.equals(h.salt, salt)
        && Arrays.equals(h.hash, hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "PasswordHash{pbkdf2-sha256, iterations=" + iterations + "}";
  }
}
