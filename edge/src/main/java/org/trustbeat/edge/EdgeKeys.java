package org.trustbeat.edge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.logging.Logger;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.PatientKeysFormat;

/**
 * Loads a patient's keys on the patient side, from the clear-text file the key broker's export
 * command writes ({@link PatientKeysFormat#insecureExportCleartext}).
 *
 * <h2>Security guarantees</h2>
 * The file holds raw key material and belongs on the patient's own device only. A file readable
 * by group or others is still loaded, with a warning naming the fix ({@code chmod 600}).
 */
public final class EdgeKeys {
  private static final Logger LOG = Logger.getLogger(EdgeKeys.class.getName());

  private EdgeKeys() {}

  /**
   * @throws IOException if the file is missing or unreadable, naming how to get one
   * @throws GeneralSecurityException if it is not a clear-text patient key export
   */
  public static PatientKeys load(Path file) throws IOException, GeneralSecurityException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(
          file.toString(), null,
          "no patient key file; export the patient's keys with the key broker's export command");
    }
    warnIfShared(file);
    try {
      return PatientKeysFormat.insecureImportCleartext(bytes);
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException(
          file + " is not a patient key export (" + e.getMessage() + "); export it again with the"
              + " key broker's export command", e);
    }
  }

  private static void warnIfShared(Path file) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warning("patient key file " + file + " is readable by other users; chmod 600 it");
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: nothing to check.
    }
  }
}
