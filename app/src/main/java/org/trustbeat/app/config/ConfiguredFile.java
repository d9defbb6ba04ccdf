package org.trustbeat.app.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * A file a configuration key names, with where it was named, so that a command that cannot use it
 * says which key of which file to fix. {@link #checkReadable()} and {@link #password()} turn I/O
 * problems into one-line {@link ConfigException}s and never quote a secret.
 */
public record ConfiguredFile(Path path, String where) {
  /** The file, checked to exist and be readable; for files a library opens itself. */
  public Path checkReadable() throws ConfigException {
    if (!Files.exists(path)) {
      throw new ConfigException(
          where
              + ": "
              + path
              + " does not exist; correct the path or run"
              + " `trustbeat init` to create it");
    }
    if (!Files.isReadable(path) || Files.isDirectory(path)) {
      throw new ConfigException(
          where
              + ": "
              + path
              + " is not a file this user may read; check"
              + " the path and run `chmod u+r "
              + path
              + "`");
    }
    return path;
  }

  /** The file, checked readable and readable by its owner only (mode 600): it holds a secret. */
  public Path checkSecret() throws ConfigException {
    checkReadable();
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(path);
      if (p.contains(PosixFilePermission.GROUP_READ)
          || p.contains(PosixFilePermission.OTHERS_READ)
          || p.contains(PosixFilePermission.GROUP_WRITE)
          || p.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new ConfigException(
            where
                + ": "
                + path
                + " has mode "
                + PosixFilePermissions.toString(p)
                + " and holds a secret; run `chmod 600 "
                + path
                + "`");
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to check.
    } catch (IOException e) {
      throw unreadable(e);
    }
    return path;
  }

  /** The first line of a mode-600 password file, as characters (the caller clears them). */
  public char[] password() throws ConfigException {
    checkSecret();
    byte[] raw;
    try {
      raw = Files.readAllBytes(path);
    } catch (IOException e) {
      throw unreadable(e);
    }
    try {
      int end = 0;
      while (end < raw.length && raw[end] != '\n' && raw[end] != '\r') {
        end++;
      }
      if (end == 0) {
        throw new ConfigException(
            where + ": " + path + " is empty; write the password on its" + " first line");
      }
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw, 0, end));
      char[] secret = new char[chars.remaining()];
      chars.get(secret);
      Arrays.fill(chars.array(), '\0');
      return secret;
    } catch (CharacterCodingException e) {
      throw new ConfigException(
          where + ": " + path + " is not UTF-8 text; write the password as" + " text");
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** {@link #password()} as UTF-8 bytes (MQTT passwords). */
  public byte[] passwordBytes() throws ConfigException {
    char[] pw = password();
    try {
      ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pw));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } finally {
      Arrays.fill(pw, '\0');
    }
  }

  private ConfigException unreadable(IOException e) {
    String why =
        e instanceof NoSuchFileException
            ? "does not exist"
            : e instanceof AccessDeniedException
                ? "is not readable by this user"
                : "cannot be read (" + e.getClass().getSimpleName() + ")";
    return new ConfigException(
        where + ": " + path + " " + why + "; check the path and its" + " permissions");
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
