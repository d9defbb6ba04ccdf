package org.trustbeat.edge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Set;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.PatientKeysFormat;

/**
 * Loads a patient's keys on the patient side, from the clear-text file the key broker's export
 * command writes ({@link PatientKeysFormat#insecureExportCleartext}).
 *
 * <h2>Security guarantees</h2>
 *
 * The file holds raw key material and belongs on the patient's own device only. A file that group
 * or others may read or write is refused, naming the fix ({@code chmod 600}), and so is a file in a
 * directory that group or others may write: they could swap in keys of their own, and the gateway
 * would seal the patient's data for them ({@code chmod go-w} on the directory). Key bytes never
 * appear in a message.
 */
public final class EdgeKeys {
  private EdgeKeys() {}

  /**
   * @throws IOException if the file is missing or unreadable, naming how to get one
   * @throws GeneralSecurityException if it is not a clear-text patient key export, or group or
   *     others may read or change it or the directory it is in
   */
  public static PatientKeys load(Path file) throws IOException, GeneralSecurityException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(
          file.toString(),
          null,
          "no patient key file; export the patient's keys with the key broker's export command");
    }
    refuseIfShared(file);
    try {
      return PatientKeysFormat.insecureImportCleartext(bytes);
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException(
          file
              + " is not a patient key export ("
              + e.getMessage()
              + "); export it again with the"
              + " key broker's export command",
          e);
    }
  }

  private static void refuseIfShared(Path file) throws GeneralSecurityException, IOException {
    Set<PosixFilePermission> p;
    Path dir = file.toAbsolutePath().getParent();
    Set<PosixFilePermission> d;
    try {
      p = Files.getPosixFilePermissions(file);
      d = Files.getPosixFilePermissions(dir);
    } catch (UnsupportedOperationException e) {
      return; // Not a POSIX file system: nothing to check.
    }
    if (p.contains(PosixFilePermission.GROUP_READ)
        || p.contains(PosixFilePermission.OTHERS_READ)
        || p.contains(PosixFilePermission.GROUP_WRITE)
        || p.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new GeneralSecurityException(
          "patient key file "
              + file
              + " has mode "
              + PosixFilePermissions.toString(p)
              + ": other users may read or change it; run `chmod 600 "
              + file
              + "`, and consider the keys compromised if someone else read them");
    }
    if (d.contains(PosixFilePermission.GROUP_WRITE)
        || d.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new GeneralSecurityException(
          "the directory "
              + dir
              + " of patient key file "
              + file.getFileName()
              + " has mode "
              + PosixFilePermissions.toString(d)
              + ": other users may replace the keys in it; run `chmod go-w "
              + dir
              + "` (or keep the"
              + " keys in a directory of mode 700)");
    }
  }
}
