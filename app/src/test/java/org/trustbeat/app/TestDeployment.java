package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A deployment made by {@code trustbeat init} for a test, on free ports. */
record TestDeployment(
    Path dir, Path config, List<String> patients, int brokerPort, int keyBrokerPort) {

  static TestDeployment init(Path dir, int patients, int windowSeconds) throws IOException {
    int broker = TrustbeatProcess.freePort();
    int keyBroker = TrustbeatProcess.freePort();
    CommandRun r =
        CommandRun.run(
            "init",
            dir.toString(),
            "--patients",
            String.valueOf(patients),
            "--window",
            String.valueOf(windowSeconds),
            "--broker-port",
            String.valueOf(broker),
            "--keybroker-port",
            String.valueOf(keyBroker));
    assertEquals(0, r.code(), r.err());
    List<String> ids = new ArrayList<>();
    boolean list = false;
    for (String line : r.out().split("\n")) {
      if (line.equals("patients:")) {
        list = true;
      } else if (list && line.startsWith("  ")) {
        ids.add(line.strip());
      } else {
        list = false;
      }
    }
    assertEquals(patients, ids.size(), r.out());
    return new TestDeployment(dir, dir.resolve("trustbeat.toml"), ids, broker, keyBroker);
  }

  /**
   * A copy in {@code target} (modes kept; the Mosquitto configuration still names this one's broker
   * files, so start Mosquitto only on the original).
   */
  TestDeployment copyTo(Path target) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path to = target.resolve(dir.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
          Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(p));
        } else {
          Files.copy(p, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return new TestDeployment(
        target, target.resolve(config.getFileName()), patients, brokerPort, keyBrokerPort);
  }

  /** Replaces {@code from} by {@code to} in the configuration (exactly one occurrence). */
  void edit(String from, String to) throws IOException {
    String text = Files.readString(config, StandardCharsets.UTF_8);
    if (!text.contains(from)) {
      throw new IllegalArgumentException("the configuration has no '" + from + "'");
    }
    Files.writeString(config, text.replace(from, to), StandardCharsets.UTF_8);
  }

  Path patientDir(String id) {
    return dir.resolve("patients").resolve(id);
  }

  /** Starts the real Mosquitto on the configuration init wrote. */
  TrustbeatProcess startMosquitto(Path logDir) throws IOException, InterruptedException {
    Path mosquitto =
        org.trustbeat.mqtt.MosquittoConfiguration.findMosquitto()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Mosquitto is not installed; ./run-tests installs it"));
    TrustbeatProcess p =
        TrustbeatProcess.start(
            logDir,
            "mosquitto",
            List.of(mosquitto.toString(), "-c", dir.resolve("broker/mosquitto.conf").toString()));
    long end = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < end) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", brokerPort)) {
        return p;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("Mosquitto did not listen: " + p.err());
  }
}
