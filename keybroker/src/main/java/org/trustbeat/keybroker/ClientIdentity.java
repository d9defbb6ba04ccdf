package org.trustbeat.keybroker;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Who sent a request: the host's TLS client certificate (subject and SHA-256 fingerprint) when the
 * broker serves mutual TLS, else the remote address of a plain-HTTP broker on loopback, which
 * authenticates nobody. {@link #key()} scopes nonces and quotas; {@link #display()} goes into the
 * audit log.
 */
final class ClientIdentity {
  private final String key;
  private final String display;
  private final String remote;

  private ClientIdentity(String key, String display, String remote) {
    this.key = key;
    this.display = display;
    this.remote = remote;
  }

  static ClientIdentity ofCertificate(X509Certificate cert, String remote) {
    String fingerprint;
    try {
      fingerprint =
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint a certificate the TLS stack accepted", e);
    }
    return new ClientIdentity(
        "cert:" + fingerprint,
        cert.getSubjectX500Principal().getName() + " (sha256:" + fingerprint.substring(0, 16) + ")",
        remote);
  }

  /** A plain-HTTP client, known only by its address. */
  static ClientIdentity ofAddress(String remote) {
    return new ClientIdentity("addr:" + remote, "unauthenticated " + remote, remote);
  }

  String key() {
    return key;
  }

  String display() {
    return display;
  }

  String remote() {
    return remote;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientIdentity && ((ClientIdentity) o).key.equals(key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key);
  }

  @Override
  public String toString() {
    return display;
  }
}
