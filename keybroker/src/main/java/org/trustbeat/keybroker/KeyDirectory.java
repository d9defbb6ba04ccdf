package org.trustbeat.keybroker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Layout of a key directory ({@code --dir}, default {@code ./.trustbeat/keys}): the master key
 * file, the patient key store and the key broker's audit log. Immutable.
 *
 * <pre>
 * DIR/master-key.json   clear Tink AEAD keyset, mode 0600 (see {@link InsecureFileMasterKey})
 * DIR/patients/ID.keys  one file per patient, encrypted under the master key (see {@link PatientKeyStore})
 * DIR/audit.jsonl       one JSON line per release decision (see {@link AuditLog})
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

  @Override
  public String toString() {
    return "KeyDirectory{" + root + "}";
  }
}
