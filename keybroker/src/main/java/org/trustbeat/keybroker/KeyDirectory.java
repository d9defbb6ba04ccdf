package org.trustbeat.keybroker;

import com.google.crypto.tink.Aead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Objects;
import org.trustbeat.keybroker.internal.OwnerOnlyFiles;
import org.trustbeat.protocol.KeyBrokerSigningKey;
import org.trustbeat.protocol.KeyBrokerVerificationKey;

/**
 * Layout of a key directory ({@code --dir}, default {@code ./.trustbeat/keys}): the master key
 * file, the patient key store, the release-signing key and the key broker's audit log. Immutable.
 *
 * <pre>
 * DIR/master-key.json                clear Tink AEAD keyset, mode 0600 (see {@link InsecureFileMasterKey})
 * DIR/patients/ID.keys               one file per patient: keys and policy, encrypted under the master key
 * DIR/release-signing-key.tink       the broker's Ed25519 signing key, encrypted under the master key, 0600
 * DIR/release-verification-key.txt   its public half, base64, one line: what enclaves pin
 * DIR/audit.jsonl                    one JSON line per release decision (see {@link AuditLog})
 * </pre>
 */
public final class KeyDirectory {
  /** Relative to the working directory. */
  public static final Path DEFAULT = Path.of(".trustbeat", "keys");

  private final Path root;

  private KeyDirectory(Path root) {
    this.root = root;
  }

  public static KeyDirectory at(Path root) {
    return new KeyDirectory(Objects.requireNonNull(root, "root"));
  }

  public Path root() {
    return root;
  }

  public Path masterKeyFile() {
    return root.resolve("master-key.json");
  }

  public Path patientsDirectory() {
    return root.resolve("patients");
  }

  public Path auditLog() {
    return root.resolve("audit.jsonl");
  }

  public Path signingKeyFile() {
    return root.resolve("release-signing-key.tink");
  }

  /** The verification key in its text form: pass it to enclave hosts ({@code --key-broker-key}). */
  public Path verificationKeyFile() {
    return root.resolve("release-verification-key.txt");
  }

  /**
   * The broker's release-signing key, created (and its verification key file written) on first use.
   * The verification key file is rewritten if it is missing or does not match.
   *
   * @throws GeneralSecurityException if the stored key does not open with {@code master}
   */
  public KeyBrokerSigningKey loadOrCreateSigningKey(Aead master)
      throws IOException, GeneralSecurityException {
    Path file = signingKeyFile();
    KeyBrokerSigningKey key;
    byte[] stored = null;
    try {
      stored = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      // first use
    }
    if (stored != null) {
      key = KeyBrokerSigningKey.parseEncrypted(stored, master);
    } else {
      OwnerOnlyFiles.createDirectories(root);
      key = KeyBrokerSigningKey.generate();
      try {
        OwnerOnlyFiles.createNew(file, key.serializeEncrypted(master));
      } catch (FileAlreadyExistsException raced) {
        key = KeyBrokerSigningKey.parseEncrypted(Files.readAllBytes(file), master);
      }
    }
    String text = key.verificationKey().toText() + "\n";
    Path pub = verificationKeyFile();
    if (!Files.exists(pub) || !Files.readString(pub, StandardCharsets.US_ASCII).equals(text)) {
      Files.writeString(pub, text, StandardCharsets.US_ASCII);
    }
    return key;
  }

  /** Reads {@link #verificationKeyFile()}. */
  public KeyBrokerVerificationKey readVerificationKey()
      throws IOException, GeneralSecurityException {
    return KeyBrokerVerificationKey.fromText(
        Files.readString(verificationKeyFile(), StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "KeyDirectory{" + root + "}";
  }
}
