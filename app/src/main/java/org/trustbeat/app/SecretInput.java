package org.trustbeat.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Reads a secret (a password) named by a command-line option from a file or an environment variable
 * — never from the command line itself, where every local user can read it ({@code ps}, {@code
 * /proc/PID/cmdline}) and shell history keeps it. Problems are usage errors that name the option
 * and the fix and never quote the secret.
 */
final class SecretInput {
  private SecretInput() {}

  /** The usage error for a secret given on the command line, naming the two safe options. */
  static CommandLine.ParameterException refuseOnCommandLine(
      CommandSpec spec, String option, String fileOption, String envOption) {
    return new CommandLine.ParameterException(
        spec.commandLine(),
        option
            + " is refused: a password"
            + " on the command line is visible to every local user (ps, /proc/PID/cmdline) and stays"
            + " in shell history. Put it in a file of mode 600 and pass "
            + fileOption
            + " F, or in an"
            + " environment variable and pass "
            + envOption
            + " VAR");
  }

  /**
   * The secret from {@code file} (its first line, without the line break) or from the environment
   * variable {@code envName}; {@code null} when neither option was given.
   *
   * @throws CommandLine.ParameterException if both are given, the file is missing, empty, or
   *     readable by group or others, or the variable is unset or empty
   */
  static char[] read(
      CommandSpec spec,
      Path file,
      String fileOption,
      String envName,
      String envOption,
      Function<String, String> environment) {
    if (file != null && envName != null) {
      throw usage(spec, fileOption + " and " + envOption + " both give the password; pass one");
    }
    if (file != null) {
      return fromFile(spec, file, fileOption);
    }
    if (envName != null) {
      String value = environment.apply(envName);
      if (value == null || value.isEmpty()) {
        throw usage(
            spec,
            envOption
                + " "
                + envName
                + ": the environment variable is unset or"
                + " empty; export it before starting, or use "
                + fileOption
                + " F");
      }
      return value.toCharArray();
    }
    return null;
  }

  private static char[] fromFile(CommandSpec spec, Path file, String option) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.GROUP_READ)
          || perms.contains(PosixFilePermission.OTHERS_READ)) {
        throw usage(
            spec,
            option
                + " "
                + file
                + " has mode "
                + PosixFilePermissions.toString(perms)
                + ": other users may read the password; run `chmod 600 "
                + file
                + "`");
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to check.
    } catch (IOException e) {
      throw usage(
          spec,
          option
              + " "
              + file
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "); check the path and that this user may read it");
    }
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (IOException e) {
      throw usage(
          spec,
          option
              + " "
              + file
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "); check the path and that this user may read it");
    }
    try {
      int end = 0;
      while (end < raw.length && raw[end] != '\n' && raw[end] != '\r') {
        end++;
      }
      if (end == 0) {
        throw usage(spec, option + " " + file + " is empty; write the password on its first line");
      }
      CharBuffer chars;
      try {
        chars =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(raw, 0, end));
      } catch (CharacterCodingException e) {
        throw usage(spec, option + " " + file + " is not UTF-8 text; write the password as text");
      }
      char[] secret = new char[chars.remaining()];
      chars.get(secret);
      Arrays.fill(chars.array(), '\0');
      return secret;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static CommandLine.ParameterException usage(CommandSpec spec, String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
