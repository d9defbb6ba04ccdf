package org.trustbeat.keybroker;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.keybroker.internal.BodyBytes;
import org.trustbeat.keybroker.internal.OwnerOnlyFiles;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.PatientKeysFormat;
import org.trustbeat.protocol.Pseudonym;

/**
 * The trusted service's patient keys and release policies: one file {@code ID.keys} per patient in
 * one directory.
 *
 * <p>File layout, big-endian: {@code 'T' 'B' 'K' 'S'} magic (4), version = 2 (1), created and
 * updated times in epoch milliseconds (8 each), the patient's {@link PatientPolicy} encrypted under
 * the master AEAD with associated data {@code "trustbeat.patient-policy.v1" 0x00 pseudonym} (4-byte
 * length + bytes), then the rest of the file is {@link PatientKeysFormat#serializeEncrypted} of the
 * patient's keys. Version 1 files (no policy) are still read, with {@link
 * PatientPolicy#defaults()}, and are rewritten as version 2 at their next rotation or policy
 * change.
 *
 * <h2>Security guarantees</h2>
 *
 * Keys and policies are stored only encrypted under the master {@link Aead}, bound to the patient's
 * pseudonym, so a file read from the disk or a backup reveals nothing without the master key, a
 * policy cannot be edited (e.g. to make a patient a test patient) without it, and a file copied to
 * another patient's name does not open. Writes are atomic (temporary file, fsync, rename), so a
 * crash during a rotation leaves the old keys or the new ones. Files are mode 0600. Not protected:
 * the two times in the header are clear and unauthenticated (they are only shown by {@link #list});
 * pseudonyms are visible as file names. Every method re-reads the disk, so patients added or
 * rotated by another process (the {@code patients} command next to a running broker) are seen at
 * once. Thread-safe.
 */
public final class PatientKeyStore {
  private static final String SUFFIX = ".keys";
  private static final byte[] MAGIC = {'T', 'B', 'K', 'S'};
  private static final int VERSION = 2;
  private static final int VERSION_WITHOUT_POLICY = 1;
  private static final int HEADER_BYTES = MAGIC.length + 1 + 8 + 8;
  private static final int MAX_POLICY_BYTES = 64 * 1024;
  private static final String POLICY_AD = "trustbeat.patient-policy.v1\0";

  /** One monitor per directory: a JVM may not take the same file lock twice. */
  private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private final Path directory;
  private final Aead master;
  private final Clock clock;

  private PatientKeyStore(Path directory, Aead master, Clock clock) {
    this.directory = directory;
    this.master = master;
    this.clock = clock;
  }

  /**
   * Opens (creating if needed, mode 0700) the store in {@code directory}.
   *
   * @throws IOException also if group or others have permissions on an existing {@code directory},
   *     naming the {@code chmod 700} that fixes it
   */
  public static PatientKeyStore open(Path directory, Aead master) throws IOException {
    return open(directory, master, Clock.systemUTC());
  }

  /** As {@link #open(Path, Aead)}, with the clock that stamps creation and rotation times. */
  public static PatientKeyStore open(Path directory, Aead master, Clock clock) throws IOException {
    Objects.requireNonNull(directory, "directory");
    OwnerOnlyFiles.createDirectories(directory);
    String problem = OwnerOnlyFiles.sharedDirectoryProblem(directory, "patient key directory");
    if (problem != null) {
      throw new IOException(problem);
    }
    return new PatientKeyStore(
        directory,
        Objects.requireNonNull(master, "master"),
        Objects.requireNonNull(clock, "clock"));
  }

  public Path directory() {
    return directory;
  }

  /**
   * Generates fresh keys for a new patient with the {@link PatientPolicy#defaults() default}
   * policy: not a test patient, default analyses.
   *
   * @throws IllegalArgumentException if {@code patient} is not a valid pseudonym
   * @throws FileAlreadyExistsException if the patient already has keys: replacing them would make
   *     all their sealed data unreadable; use {@link #rotate} to add a key
   */
  public PatientRecord add(String patient) throws IOException, GeneralSecurityException {
    return add(patient, PatientPolicy.defaults());
  }

  /** As {@link #add(String)}, with {@code policy}. */
  public PatientRecord add(String patient, PatientPolicy policy)
      throws IOException, GeneralSecurityException {
    Pseudonym.check(patient);
    Objects.requireNonNull(policy, "policy");
    PatientKeys keys = PatientKeys.generate();
    Instant now = clock.instant();
    try {
      OwnerOnlyFiles.createNew(fileOf(patient), encode(patient, keys, policy, now, now));
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(
          fileOf(patient).toString(),
          null,
          "patient "
              + patient
              + " already has keys; use `patients rotate "
              + patient
              + "` to add a new key");
    }
    return record(patient, keys, policy, now, now);
  }

  /**
   * The patient's keys, decrypted.
   *
   * @throws UnknownPatientException if the store has no keys for {@code patient}
   * @throws GeneralSecurityException if the master key is wrong or the file was altered
   */
  public PatientKeys load(String patient) throws IOException, GeneralSecurityException {
    return read(patient).keys;
  }

  /**
   * The keys of all of {@code patients}, in pseudonym order.
   *
   * @throws UnknownPatientException naming the first patient in pseudonym order the store lacks
   */
  public Map<String, PatientKeys> loadAll(Collection<String> patients)
      throws IOException, GeneralSecurityException {
    Map<String, PatientKeys> out = new TreeMap<>();
    for (String patient : new TreeSet<>(patients)) {
      out.put(patient, load(patient));
    }
    return Collections.unmodifiableMap(out);
  }

  /** A patient's keys with the policy that governs their release. */
  static final class Releasable {
    final PatientKeys keys;
    final PatientPolicy policy;

    Releasable(PatientKeys keys, PatientPolicy policy) {
      this.keys = keys;
      this.policy = policy;
    }
  }

  /**
   * Keys and policies of all of {@code patients}, in pseudonym order; each file is read once.
   *
   * @throws UnknownPatientException naming the first patient in pseudonym order the store lacks
   */
  Map<String, Releasable> loadForRelease(Collection<String> patients)
      throws IOException, GeneralSecurityException {
    Map<String, Releasable> out = new TreeMap<>();
    for (String patient : new TreeSet<>(patients)) {
      Stored s = read(patient);
      out.put(patient, new Releasable(s.keys, s.policy));
    }
    return Collections.unmodifiableMap(out);
  }

  public boolean contains(String patient) {
    return Pseudonym.isValid(patient) && Files.isRegularFile(fileOf(patient));
  }

  /**
   * Adds a new primary key to the patient's data and result keysets. Older keys stay, so chunks and
   * results sealed before the rotation still open.
   */
  public PatientRecord rotate(String patient) throws IOException, GeneralSecurityException {
    // Two concurrent rotations must not both start from the same old keys: the loser's new key,
    // possibly already handed out, would vanish, and data sealed with it would never open again.
    return locked(
        () -> {
          Stored old = read(patient);
          PatientKeys rotated = old.keys.rotate();
          Instant now = clock.instant();
          OwnerOnlyFiles.replace(
              fileOf(patient), encode(patient, rotated, old.policy, old.created, now));
          return record(patient, rotated, old.policy, old.created, now);
        });
  }

  /**
   * Replaces the patient's release policy; keys and times stay. It applies to every release from
   * then on; enclaves already provisioned keep the analysis policy they were given until they are
   * provisioned again (e.g. restarted).
   */
  public PatientRecord setPolicy(String patient, PatientPolicy policy)
      throws IOException, GeneralSecurityException {
    Objects.requireNonNull(policy, "policy");
    return locked(
        () -> {
          Stored old = read(patient);
          OwnerOnlyFiles.replace(
              fileOf(patient), encode(patient, old.keys, policy, old.created, old.updated));
          return record(patient, old.keys, policy, old.created, old.updated);
        });
  }

  private interface StoreUpdate {
    PatientRecord apply() throws IOException, GeneralSecurityException;
  }

  /** Runs a read-modify-write of one file under this directory's lock (threads and processes). */
  private PatientRecord locked(StoreUpdate update) throws IOException, GeneralSecurityException {
    synchronized (
        LOCKS.computeIfAbsent(directory.toAbsolutePath().normalize(), d -> new Object())) {
      try (FileChannel lockFile =
          FileChannel.open(
              directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = lockFile.lock();
        try {
          return update.apply();
        } finally {
          lock.release();
        }
      }
    }
  }

  /**
   * INSECURE: writes the patient's keys in clear ({@link
   * PatientKeysFormat#insecureExportCleartext}) to a new file of mode 0600, for the patient's own
   * gateway and result consumer, which seal chunks and open results. The file is as secret as the
   * keys; move it to the patient side over a secure channel and delete it here.
   *
   * @throws FileAlreadyExistsException if {@code out} exists; an export never overwrites a file
   */
  public PatientRecord insecureExportEdgeKeys(String patient, Path out)
      throws IOException, GeneralSecurityException {
    Stored s = read(patient);
    byte[] clear = PatientKeysFormat.insecureExportCleartext(s.keys);
    try {
      OwnerOnlyFiles.createNew(out, clear);
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(
          out.toString(),
          null,
          "refusing to overwrite an existing file; choose another --out or delete it first");
    } finally {
      Arrays.fill(clear, (byte) 0);
    }
    return record(patient, s.keys, s.policy, s.created, s.updated);
  }

  /** The record of one patient. */
  public PatientRecord describe(String patient) throws IOException, GeneralSecurityException {
    Stored s = read(patient);
    return record(patient, s.keys, s.policy, s.created, s.updated);
  }

  /** Records of all patients, in pseudonym order. */
  public List<PatientRecord> list() throws IOException, GeneralSecurityException {
    List<PatientRecord> out = new ArrayList<>();
    for (String patient : patients()) {
      out.add(describe(patient));
    }
    return out;
  }

  /** Pseudonyms of all stored patients, in order. */
  public List<String> patients() throws IOException {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        String patient = name.substring(0, name.length() - SUFFIX.length());
        if (Pseudonym.isValid(patient) && Files.isRegularFile(f)) {
          out.add(patient);
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  private Path fileOf(String patient) {
    // Valid pseudonyms hold no '/' and end up as "ID.keys", so they never leave the directory.
    return directory.resolve(Pseudonym.check(patient) + SUFFIX);
  }

  private Stored read(String patient) throws IOException, GeneralSecurityException {
    Path file = fileOf(patient);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UnknownPatientException(patient);
    }
    int version = bytes.length > MAGIC.length ? bytes[MAGIC.length] : -1;
    if (bytes.length <= HEADER_BYTES
        || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)
        || (version != VERSION && version != VERSION_WITHOUT_POLICY)) {
      throw new IOException(
          "key file "
              + file
              + " is not a TrustBeat key store file (version "
              + VERSION_WITHOUT_POLICY
              + " or "
              + VERSION
              + "); restore it from backup");
    }
    // The check above guarantees the header (magic, version, two times) is all there.
    BinaryReader<IllegalArgumentException> in = BodyBytes.reader(bytes, "key file");
    in.skip(MAGIC.length + 1, "magic and version");
    Instant created = Instant.ofEpochMilli(in.i64("created"));
    Instant updated = Instant.ofEpochMilli(in.i64("updated"));
    PatientPolicy policy = PatientPolicy.defaults();
    if (version == VERSION) {
      byte[] sealedPolicy;
      try {
        sealedPolicy = in.prefixed(4, 0, MAX_POLICY_BYTES, "policy");
      } catch (IllegalArgumentException e) {
        throw new IOException(
            "key file " + file + " has a corrupt policy length; restore it from" + " backup");
      }
      policy = openPolicy(patient, sealedPolicy);
    }
    byte[] blob = Arrays.copyOfRange(bytes, in.position(), bytes.length);
    return new Stored(
        PatientKeysFormat.parseEncrypted(patient, blob, master), policy, created, updated);
  }

  private PatientPolicy openPolicy(String patient, byte[] sealed) throws GeneralSecurityException {
    byte[] clear;
    try {
      clear = master.decrypt(sealed, policyAd(patient));
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException(
          "the release policy of patient "
              + patient
              + " does not"
              + " open: wrong master key, or the file was altered or copied from another patient;"
              + " restore it from backup",
          e);
    }
    try {
      return PatientPolicy.parse(clear);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException(
          "the release policy of patient "
              + patient
              + " is"
              + " malformed ("
              + e.getMessage()
              + "); restore the file from backup");
    }
  }

  private static byte[] policyAd(String patient) {
    return (POLICY_AD + patient).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private byte[] encode(
      String patient, PatientKeys keys, PatientPolicy policy, Instant created, Instant updated)
      throws GeneralSecurityException {
    byte[] sealedPolicy = master.encrypt(policy.toBytes(), policyAd(patient));
    byte[] blob = PatientKeysFormat.serializeEncrypted(patient, keys, master);
    return BodyBytes.writer(HEADER_BYTES + 4 + sealedPolicy.length + blob.length)
        .bytes(MAGIC)
        .u8(VERSION)
        .i64(created.toEpochMilli())
        .i64(updated.toEpochMilli())
        .prefixed(4, sealedPolicy)
        .bytes(blob)
        .finish();
  }

  private static PatientRecord record(
      String patient, PatientKeys keys, PatientPolicy policy, Instant created, Instant updated) {
    return new PatientRecord(
        patient,
        created,
        updated,
        ids(keys.dataKeyset()),
        ids(keys.resultKeyset()),
        keys.dataPrimaryKeyId(),
        keys.resultPrimaryKeyId(),
        policy);
  }

  private static List<Integer> ids(KeysetHandle keyset) {
    List<Integer> ids = new ArrayList<>(keyset.size());
    for (int i = 0; i < keyset.size(); i++) {
      ids.add(keyset.getAt(i).getId());
    }
    return ids;
  }

  @Override
  public String toString() {
    return "PatientKeyStore{" + directory + "}";
  }

  private static final class Stored {
    final PatientKeys keys;
    final PatientPolicy policy;
    final Instant created;
    final Instant updated;

    Stored(PatientKeys keys, PatientPolicy policy, Instant created, Instant updated) {
      this.keys = keys;
      this.policy = policy;
      this.created = created;
      this.updated = updated;
    }
  }
}
