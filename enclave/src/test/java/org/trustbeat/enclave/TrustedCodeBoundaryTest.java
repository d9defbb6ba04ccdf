package org.trustbeat.enclave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trustbeat.enclave.internal.CodeMeasurement;
import org.trustbeat.enclave.internal.EnclaveProgram;

/**
 * The enclave module holds only what runs inside the enclave (docs/TCB.md): none of its classes can
 * start a process, serve HTTP or plain sockets, or reach Spark, MQTT or the host module. Read from
 * the constant pools of the module's own compiled classes, so a reference hidden in a lambda or a
 * nested class counts too.
 */
class TrustedCodeBoundaryTest {
  /**
   * Beginnings of internal names no enclave class may mention ({@code java/lang/Process} covers
   * Process, ProcessBuilder and ProcessHandle; {@code java/net/ServerSocket} its factory too).
   */
  private static final List<String> FORBIDDEN =
      List.of(
          "java/lang/Process",
          "java/net/ServerSocket",
          "java/net/HttpURLConnection",
          "com/sun/net/httpserver",
          "java/net/http/",
          "org/apache/spark/",
          "org/eclipse/paho/",
          "com/hivemq/",
          "io/moquette/",
          "io/netty/",
          "org/trustbeat/enclave/host/");

  /** The enclave's one channel: only its entry point may listen on a socket. */
  private static final String CHANNEL = "java/nio/channels/ServerSocketChannel";

  private static Map<String, ClassReferences> classes;

  @BeforeAll
  static void readMainClasses() throws IOException {
    classes = readAll(CodeMeasurement.locationOf(EnclaveProgram.class.getName()));
  }

  @Test
  void readsTheWholeMainOutput() {
    assertTrue(classes.containsKey("org/trustbeat/enclave/internal/EnclaveProgram.class"));
    assertTrue(classes.containsKey("org/trustbeat/enclave/WindowOutcome.class"));
    assertTrue(classes.size() >= 20, "only " + classes.size() + " classes: " + classes.keySet());
    assertTrue(
        classes.keySet().stream().noneMatch(n -> n.endsWith("Test.class")),
        "read the test output instead of the main output");
  }

  @Test
  void noClassReferencesProcessServerHttpSparkMqttOrHost() {
    List<String> found = new ArrayList<>();
    classes.forEach(
        (name, refs) -> {
          FORBIDDEN.stream().filter(refs::mentions).forEach(f -> found.add(name + " -> " + f));
          refs.methods.stream()
              .filter(m -> m.equals("java/lang/Runtime.exec"))
              .forEach(m -> found.add(name + " -> " + m));
        });
    assertEquals(List.of(), found, "host-side code in the enclave jar; move it to enclave-host");
  }

  @Test
  void onlyTheEntryPointListens() {
    List<String> listening = new ArrayList<>();
    classes.forEach(
        (name, refs) -> {
          if (refs.mentions(CHANNEL)) {
            listening.add(name);
          }
        });
    assertEquals(List.of("org/trustbeat/enclave/internal/EnclaveMain.class"), listening);
  }

  /** The reader must see what it is asked to forbid, or the tests above prove nothing. */
  @Test
  void readerFindsForbiddenReferences() throws IOException {
    ClassReferences refs = ClassReferences.read(bytesOf(Launcher.class));
    assertTrue(refs.mentions("java/lang/ProcessBuilder"), refs.utf8.toString());
    assertTrue(refs.methods.contains("java/lang/Runtime.exec"), refs.methods.toString());
    assertTrue(refs.mentions("java/net/ServerSocket"), refs.utf8.toString());
    assertTrue(refs.mentions("java/net/http/"), refs.utf8.toString());
  }

  /** Never run: only compiled, for {@link #readerFindsForbiddenReferences}. */
  @SuppressWarnings("unused")
  private static final class Launcher {
    static void launch() throws Exception {
      new ProcessBuilder("true").start();
      Runtime.getRuntime().exec(new String[] {"true"});
      new java.net.ServerSocket(0).close();
      java.net.http.HttpClient.newHttpClient();
    }
  }

  private static byte[] bytesOf(Class<?> c) throws IOException {
    String resource = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
    try (InputStream in = c.getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }

  /** Every .class file below a class directory or in a jar, by '/'-separated relative name. */
  private static Map<String, ClassReferences> readAll(Path location) throws IOException {
    if (Files.isDirectory(location)) {
      return readTree(location);
    }
    try (FileSystem jar = FileSystems.newFileSystem(location)) {
      return readTree(jar.getPath("/"));
    }
  }

  private static Map<String, ClassReferences> readTree(Path root) throws IOException {
    Map<String, ClassReferences> out = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).toList();
    }
    for (Path f : files) {
      String name = root.relativize(f).toString().replace('\\', '/');
      out.put(name, ClassReferences.read(Files.readAllBytes(f)));
    }
    return out;
  }
}
