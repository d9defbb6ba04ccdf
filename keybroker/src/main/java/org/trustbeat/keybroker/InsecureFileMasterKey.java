package org.trustbeat.keybroker;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Objects;
import org.trustbeat.keybroker.internal.OwnerOnlyFiles;

/**
 * INSECURE compared with a KMS: the key store's master key as a clear Tink AES256-GCM keyset in a
 * local file of mode 0600.
 *
 * <h2>Security guarantees</h2>
 *
 * Only as strong as the file's protection: anyone who can read the file (the owner, root, a backup)
 * can decrypt every patient's keys. In production the master key belongs in a KMS or HSM, which
 * never lets the key leave it; {@link PatientKeyStore} takes any {@link Aead}, so a Tink KMS AEAD
 * (for example {@code GcpKmsClient} or {@code AwsKmsClient}) replaces this class without other
 * changes. TrustBeat ships no KMS client, so this file is the default of {@code trustbeat keys
 * init}. {@link #create} and {@link #load} refuse a key directory that group or others may use
 * (anyone who may write it can replace the master key; they must run {@code chmod 700}), and {@link
 * #load} a file that group or others may read. Key bytes never appear in an exception message or a
 * {@code toString}.
 */
public final class InsecureFileMasterKey {
  private InsecureFileMasterKey() {}

  /**
   * Generates a master key into {@code file} (mode 0600), refusing to overwrite one.
   *
   * @throws FileAlreadyExistsException if {@code file} exists: overwriting it would make every
   *     patient key encrypted under it unreadable
   */
  public static void create(Path file) throws IOException, GeneralSecurityException {
    checkDirectory(Objects.requireNonNull(file, "file"));
    OwnerOnlyFiles.createNew(file, generateSerialized());
  }

  /**
   * Generates a master key into {@code file}, replacing any existing one. Patient keys stored under
   * the old master key can no longer be read.
   */
  public static void insecureReplace(Path file) throws IOException, GeneralSecurityException {
    checkDirectory(Objects.requireNonNull(file, "file"));
    OwnerOnlyFiles.replace(file, generateSerialized());
  }

  /**
   * Loads the master key written by {@link #create}.
   *
   * @throws NoSuchFileException if there is none; the message says to run {@code keys init}
   * @throws GeneralSecurityException if group or others may read the file, or it holds no AEAD
   *     keyset
   */
  public static Aead load(Path file) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(file, "file");
    if (!Files.exists(file)) {
      throw new NoSuchFileException(
          file.toString(),
          null,
          "no master key; create the key store with `trustbeat keys init --dir "
              + parentOf(file)
              + "`");
    }
    checkDirectory(file);
    if (!OwnerOnlyFiles.isOwnerOnly(file)) {
      throw new GeneralSecurityException(
          "master key file "
              + file
              + " may be read by other users;"
              + " run `chmod 600 "
              + file
              + "` and consider the key compromised if they did");
    }
    AeadConfig.register();
    String json = Files.readString(file, StandardCharsets.UTF_8);
    try {
      KeysetHandle handle =
          TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
      return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException | RuntimeException e) {
      // Tink's messages may quote the parsed input; do not chain them into ours.
      throw new GeneralSecurityException(
          "master key file "
              + file
              + " is not a Tink AEAD keyset in"
              + " JSON; restore it from backup, or re-create the key store with `trustbeat keys init`");
    }
  }

  /** The directory holding the master key must be the owner's alone. */
  private static void checkDirectory(Path file) throws IOException, GeneralSecurityException {
    String problem = OwnerOnlyFiles.sharedDirectoryProblem(parentOf(file), "key directory");
    if (problem != null) {
      throw new GeneralSecurityException(
          problem + ", and consider the keys in it compromised if someone else used it");
    }
  }

  private static byte[] generateSerialized() throws GeneralSecurityException {
    AeadConfig.register();
    KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Path parentOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? file : parent;
  }
}
