package org.trustbeat.attestation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.trustbeat.attestation.internal.InsecureSimulationStatement;
import org.trustbeat.attestation.internal.PckChainValidator;

/**
 * INSECURE: produces simulation statements on machines without SGX. A statement is signed with a
 * per-installation software key, so anyone who can read the key file can claim any measurement. The
 * evidence says so in its first bytes and verifies to {@link EvidenceKind#SIMULATION}, which {@link
 * AttestationPolicy} refuses unless simulation is explicitly allowed.
 */
public final class InsecureSimulationAttester {
  private static final String HEADER =
      "# TrustBeat INSECURE simulation signing key -- NOT HARDWARE PROTECTED";

  private final PrivateKey signingKey;
  private final byte[] publicKeyX509;

  private InsecureSimulationAttester(PrivateKey signingKey, PublicKey publicKey) {
    this.signingKey = signingKey;
    this.publicKeyX509 = publicKey.getEncoded();
  }

  /**
   * Loads the simulation key pair from {@code keyFile}, generating it (ECDSA P-256, owner-readable
   * only where the file system allows) on first use.
   */
  public static InsecureSimulationAttester loadOrCreate(Path keyFile)
      throws IOException, GeneralSecurityException {
    Objects.requireNonNull(keyFile, "keyFile");
    if (!Files.exists(keyFile)) {
      create(keyFile);
    }
    return load(keyFile);
  }

  private static void create(Path keyFile) throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    Base64.Encoder b64 = Base64.getEncoder();
    String text =
        HEADER
            + "\n"
            + "private="
            + b64.encodeToString(pair.getPrivate().getEncoded())
            + "\n"
            + "public="
            + b64.encodeToString(pair.getPublic().getEncoded())
            + "\n";
    Path dir = keyFile.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".sim-key", ".tmp");
    try {
      restrictToOwner(tmp);
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      // Without REPLACE_EXISTING a concurrent creator wins and both then load the same key.
      Files.move(tmp, keyFile);
    } catch (FileAlreadyExistsException e) {
      // Another process created the key first; use it.
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Non-POSIX file systems keep their default ACLs; the key is insecure by design anyway.
    }
  }

  private static InsecureSimulationAttester load(Path keyFile)
      throws IOException, GeneralSecurityException {
    List<String> lines = Files.readAllLines(keyFile, StandardCharsets.US_ASCII);
    String priv = null;
    String pub = null;
    for (String line : lines) {
      if (line.startsWith("private=")) {
        priv = line.substring("private=".length());
      } else if (line.startsWith("public=")) {
        pub = line.substring("public=".length());
      }
    }
    if (lines.isEmpty() || !lines.get(0).equals(HEADER) || priv == null || pub == null) {
      throw new GeneralSecurityException(
          keyFile
              + " is not a TrustBeat simulation key file;"
              + " delete it to generate a new key, or point to the right file");
    }
    try {
      KeyFactory factory = KeyFactory.getInstance("EC");
      PrivateKey privateKey =
          factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(priv)));
      PublicKey publicKey =
          factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pub)));
      InsecureSimulationAttester attester = new InsecureSimulationAttester(privateKey, publicKey);
      attester.checkKeysMatch(publicKey);
      return attester;
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException(
          keyFile + " holds invalid base64; delete it to generate a new key", e);
    }
  }

  private void checkKeysMatch(PublicKey publicKey) throws GeneralSecurityException {
    byte[] probe = "key pair consistency check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(signingKey);
    signer.update(probe);
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(publicKey);
    verifier.update(probe);
    if (!verifier.verify(signer.sign())) {
      throw new GeneralSecurityException(
          "the simulation key file's private and public keys do not"
              + " match; delete the file to generate a new key");
    }
  }

  /**
   * Signs an INSECURE simulation statement.
   *
   * @param measurement 32 bytes standing in for MRENCLAVE
   * @param reportData 64 bytes, typically {@link ReportData#bind}
   */
  public Evidence attestInsecurely(byte[] measurement, byte[] reportData, boolean debug)
      throws GeneralSecurityException {
    if (measurement == null || measurement.length != 32) {
      throw new IllegalArgumentException("measurement must be 32 bytes");
    }
    if (reportData == null || reportData.length != ReportData.SIZE) {
      throw new IllegalArgumentException("report data must be " + ReportData.SIZE + " bytes");
    }
    byte[] signed =
        InsecureSimulationStatement.signedPart(
            debug, measurement, reportData, PckChainValidator.sha256(publicKeyX509));
    Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
    signer.initSign(signingKey);
    signer.update(signed);
    byte[] signature = signer.sign();
    byte[] statement = new byte[signed.length + signature.length];
    System.arraycopy(signed, 0, statement, 0, signed.length);
    System.arraycopy(signature, 0, statement, signed.length, signature.length);
    return Evidence.of(EvidenceKind.SIMULATION, statement);
  }

  /** The X.509-encoded public key to configure {@link InsecureSimulationVerifier} with. */
  public byte[] insecureSimulationPublicKey() {
    return publicKeyX509.clone();
  }

  @Override
  public String toString() {
    return "InsecureSimulationAttester{NOT HARDWARE PROTECTED}";
  }
}
