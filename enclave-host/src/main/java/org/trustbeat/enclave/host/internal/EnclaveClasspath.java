package org.trustbeat.enclave.host.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.trustbeat.enclave.internal.CodeMeasurement;

/**
 * The smallest class path that runs the enclave program: the five TrustBeat modules of its TCB and
 * Tink with its runtime dependencies, located where this JVM loaded them from. Used instead of
 * {@code java.class.path} because an executor's class path holds Spark and the whole application,
 * none of which belongs in an enclave (and under Gramine every entry becomes a trusted file).
 */
public final class EnclaveClasspath {
  private static final String[] REQUIRED = {
    "org.trustbeat.codec.BinaryReader",
    "org.trustbeat.hrv.HrvAnalyzer",
    "org.trustbeat.protocol.ChunkOpener",
    "org.trustbeat.attestation.Evidence",
    "org.trustbeat.enclave.internal.EnclaveMain",
    "com.google.crypto.tink.Aead",
    "com.google.protobuf.MessageLite",
  };

  /** Loaded by some Tink code paths; included when present. */
  private static final String[] OPTIONAL = {"com.google.gson.JsonElement"};

  private EnclaveClasspath() {}

  /** The entries, in a fixed order, without duplicates. */
  public static List<Path> entries() throws IOException {
    Set<Path> out = new LinkedHashSet<>();
    for (String c : REQUIRED) {
      out.add(CodeMeasurement.locationOf(c));
    }
    for (String c : OPTIONAL) {
      try {
        out.add(CodeMeasurement.locationOf(c));
      } catch (IOException e) {
        // not on this class path: Tink runs without it for our key formats
      }
    }
    return new ArrayList<>(out);
  }

  public static String asClasspath(List<Path> entries) {
    List<String> s = new ArrayList<>();
    for (Path p : entries) {
      s.add(p.toString());
    }
    return String.join(File.pathSeparator, s);
  }
}
