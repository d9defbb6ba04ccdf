package org.trustbeat.enclave.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The simulation stand-in for MRENCLAVE: SHA-256 over the code of the enclave program's own
 * modules, found where their classes were loaded from.
 *
 * <p>What is measured, in this fixed order: the jar or class directory of {@code trustbeat-codec},
 * {@code trustbeat-hrv}, {@code trustbeat-protocol}, {@code trustbeat-attestation} and {@code
 * trustbeat-enclave}. For each: its name, a zero byte, then SHA-256 of the jar file's bytes, or for
 * a class directory SHA-256 over every regular file in it sorted by relative path ('/'-separated),
 * each as path, zero byte, 8-byte length, content.
 *
 * <p>Not measured: the JVM, Tink and its dependencies, and the host code around the program. Under
 * Gramine-SGX the real MRENCLAVE covers all trusted files (JVM and every jar); in simulation no
 * measurement protects anything, since whoever holds the simulation key can sign any value.
 */
public final class CodeMeasurement {
  private static final String[][] MODULES = {
    {"trustbeat-codec", "org.trustbeat.codec.BinaryReader"},
    {"trustbeat-hrv", "org.trustbeat.hrv.HrvAnalyzer"},
    {"trustbeat-protocol", "org.trustbeat.protocol.ChunkOpener"},
    {"trustbeat-attestation", "org.trustbeat.attestation.Evidence"},
    {"trustbeat-enclave", "org.trustbeat.enclave.internal.EnclaveProgram"},
  };

  private CodeMeasurement() {}

  /** Measures the code this class loader sees; 32 bytes. */
  public static byte[] ofLoadedCode() throws IOException {
    MessageDigest total = sha256();
    for (String[] m : MODULES) {
      total.update(m[0].getBytes(StandardCharsets.US_ASCII));
      total.update((byte) 0);
      total.update(digestOf(locationOf(m[1])));
    }
    return total.digest();
  }

  /** The jar or class directory a class was loaded from. */
  public static Path locationOf(String className) throws IOException {
    try {
      Class<?> c = Class.forName(className, false, CodeMeasurement.class.getClassLoader());
      CodeSource source = c.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        throw new IOException(
            "cannot locate the code of "
                + className
                + " to measure it;"
                + " run the enclave from jars or class directories on the class path");
      }
      return Path.of(source.getLocation().toURI());
    } catch (ClassNotFoundException | URISyntaxException e) {
      throw new IOException(
          "cannot locate "
              + className
              + " to measure it; put the TrustBeat"
              + " modules on the enclave's class path",
          e);
    }
  }

  static byte[] digestOf(Path location) throws IOException {
    if (Files.isRegularFile(location)) {
      MessageDigest d = sha256();
      d.update(Files.readAllBytes(location));
      return d.digest();
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(location)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<String> names = new ArrayList<>();
    for (Path f : files) {
      names.add(location.relativize(f).toString().replace('\\', '/'));
    }
    names.sort(null);
    MessageDigest d = sha256();
    for (String name : names) {
      byte[] content = Files.readAllBytes(location.resolve(name));
      d.update(name.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      long n = content.length;
      for (int shift = 56; shift >= 0; shift -= 8) {
        d.update((byte) (n >>> shift));
      }
      d.update(content);
    }
    return d.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
