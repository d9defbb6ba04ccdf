package org.trustbeat.keybroker;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
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
import org.trustbeat.keybroker.internal.OwnerOnlyFiles;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.PatientKeysFormat;
import org.trustbeat.protocol.Pseudonym;

/**
 * The trusted service's patient keys: one file {@code ID.keys} per patient in one directory.
 *
 * <p>File layout, big-endian: {@code 'T' 'B' 'K' 'S'} magic (4), version = 1 (1), created and
 * updated times in epoch milliseconds (8 each), then the rest of the file is {@link
 * PatientKeysFormat#serializeEncrypted} of the patient's keys.
 *
 * <h2>Security guarantees</h2>
 * Keys are stored only encrypted under the master {@link Aead}, bound to the patient's pseudonym,
 * so a file read from the disk or a backup reveals nothing without the master key, and a file
 * copied to another patient's name does not open. Writes are atomic (temporary file, fsync,
 * rename), so a crash during a rotation leaves the old keys or the new ones. Files are mode 0600.
 * Not protected: the two times in the header are clear and unauthenticated (they are only shown by
 * {@link #list}); pseudonyms are visible as file names. Every method re-reads the disk, so patients
 * added or rotated by another process (the {@code patients} command next to a running broker) are
 * seen at once. Thread-safe.
 */
public final class PatientKeyStore {
  private static final String SUFFIX = ".keys";
  private static final byte[] MAGIC = {'T', 'B', 'K', 'S'};
  private static final int VERSION = 1;
  private static final int HEADER_BYTES = MAGIC.length + 1 + 8 + 8;
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
   * @throws IOException also if group or others have permissions on an existing {@code
   *     directory}, naming the {@code chmod 700} that fixes it
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
    return new PatientKeyStore(directory, Objects.requireNonNull(master, "master"),
        Objects.requireNonNull(clock, "clock"));
  }

  public Path directory() {
    return directory;
  }

  /**
   * Generates fresh keys for a new patient.
   *
   * @throws IllegalArgumentException if {@code patient} is not a valid pseudonym
   * @throws FileAlreadyExistsException if the patient already has keys: replacing them would make
   *     all their sealed data unreadable; use {@link #rotate} to add a key
   */
  public PatientRecord add(String patient) throws IOException, GeneralSecurityException {
    Pseudonym.check(patient);
    PatientKeys keys = PatientKeys.generate();
    Instant now = clock.instant();
    try {
      OwnerOnlyFiles.createNew(fileOf(patient), encode(patient, keys, now, now));
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(fileOf(patient).toString(), null,
          "patient " + patient + " already has keys; use `patients rotate " + patient
              + "` to add a new key");
    }
    return record(patient, keys, now, now);
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

  public boolean contains(String patient) {
    return Pseudonym.isValid(patient) && Files.isRegularFile(fileOf(patient));
  }

  /**
   * Adds a new primary key to the patient's data and result keysets. Older keys stay, so chunks
   * and results sealed before the rotation still open.
   */
  public PatientRecord rotate(String patient) throws IOException, GeneralSecurityException {
    // Two concurrent rotations must not both start from the same old keys: the loser's new key,
    // possibly already handed out, would vanish, and data sealed with it would never open again.
    synchronized (LOCKS.computeIfAbsent(directory.toAbsolutePath().normalize(), d -> new Object())) {
      try (FileChannel lockFile = FileChannel.open(directory.resolve(".lock"),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = lockFile.lock();
        try {
          Stored old = read(patient);
          PatientKeys rotated = old.keys.rotate();
          Instant now = clock.instant();
          OwnerOnlyFiles.replace(fileOf(patient), encode(patient, rotated, old.created, now));
          return record(patient, rotated, old.created, now);
        } finally {
          lock.release();
        }
      }
    }
  }

  /**
   * INSECURE: writes the patient's keys in clear ({@link PatientKeysFormat#insecureExportCleartext})
   * to a new file of mode 0600, for the patient's own gateway and result consumer, which seal
   * chunks and open results. The file is as secret as the keys; move it to the patient side over a
   * secure channel and delete it here.
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
      throw new FileAlreadyExistsException(out.toString(), null,
          "refusing to overwrite an existing file; choose another --out or delete it first");
    } finally {
      Arrays.fill(clear, (byte) 0);
    }
    return record(patient, s.keys, s.created, s.updated);
  }

  /** The record of one patient. */
  public PatientRecord describe(String patient) throws IOException, GeneralSecurityException {
    Stored s = read(patient);
    return record(patient, s.keys, s.created, s.updated);
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
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (bytes.length <= HEADER_BYTES
        || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)
        || bytes[MAGIC.length] != VERSION) {
      throw new IOException("key file " + file + " is not a TrustBeat key store file (version "
          + VERSION + "); restore it from backup");
    }
    in.position(MAGIC.length + 1);
    Instant created = Instant.ofEpochMilli(in.getLong());
    Instant updated = Instant.ofEpochMilli(in.getLong());
    byte[] blob = Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length);
    return new Stored(PatientKeysFormat.parseEncrypted(patient, blob, master), created, updated);
  }

  private byte[] encode(String patient, PatientKeys keys, Instant created, Instant updated)
      throws GeneralSecurityException {
    byte[] blob = PatientKeysFormat.serializeEncrypted(patient, keys, master);
    return ByteBuffer.allocate(HEADER_BYTES + blob.length)
        .put(MAGIC)
        .put((byte) VERSION)
        .putLong(created.toEpochMilli())
        .putLong(updated.toEpochMilli())
        .put(blob)
        .array();
  }

  private static PatientRecord record(String patient, PatientKeys keys, Instant created, Instant updated) {
    return new PatientRecord(patient, created, updated, ids(keys.dataKeyset()),
        ids(keys.resultKeyset()), keys.dataPrimaryKeyId(), keys.resultPrimaryKeyId());
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
    final Instant created;
    final Instant updated;

    Stored(PatientKeys keys, Instant created, Instant updated) {
      this.keys = keys;
      this.created = created;
      this.updated = updated;
    }
  }
}
