package org.trustbeat.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.trustbeat.protocol.Pseudonym;

/**
 * {@code [patients]}: where each patient's side of the deployment keeps its files, one directory
 * per patient (mode 0700) that belongs on that patient's gateway only:
 *
 * <pre>
 * PATIENTS/ID/keys.json          the patient's keys IN CLEAR (0600)
 * PATIENTS/ID/gateway.password   MQTT login gateway-ID (0600)
 * PATIENTS/ID/consumer.password  MQTT login consumer-ID (0600)
 * PATIENTS/ID/spool/             the gateway's unsent sealed chunks and sequence numbers
 * </pre>
 *
 * <pre>
 * [patients]
 * directory = "patients"
 * test_patients = true   # their keys may go to SIMULATED enclaves; every result says so
 * </pre>
 */
public record PatientsSection(Path directory, boolean testPatients, String where) {
  static PatientsSection read(TomlTable t) throws ConfigException {
    return new PatientsSection(
        t.path("directory", "patients"), t.bool("test_patients", false), t.where("directory"));
  }

  /** The patient's own directory; the id is checked to be a pseudonym. */
  public Path dir(String patient) throws ConfigException {
    try {
      Pseudonym.check(patient);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("patient '" + patient + "': " + e.getMessage());
    }
    Path d = directory.resolve(patient);
    if (!Files.isDirectory(d)) {
      throw new ConfigException(
          where
              + ": no patient "
              + patient
              + " in "
              + directory
              + "; list them with `trustbeat patients list --config FILE`");
    }
    return d;
  }

  public ConfiguredFile keys(String patient) throws ConfigException {
    return new ConfiguredFile(
        dir(patient).resolve("keys.json"), where + " (patient " + patient + ")");
  }

  public ConfiguredFile gatewayPassword(String patient) throws ConfigException {
    return new ConfiguredFile(
        dir(patient).resolve("gateway.password"), where + " (patient " + patient + ")");
  }

  public ConfiguredFile consumerPassword(String patient) throws ConfigException {
    return new ConfiguredFile(
        dir(patient).resolve("consumer.password"), where + " (patient " + patient + ")");
  }

  public Path spool(String patient) throws ConfigException {
    return dir(patient).resolve("spool");
  }

  /** The patients that have a directory here, sorted. */
  public List<String> list() throws ConfigException {
    if (!Files.isDirectory(directory)) {
      throw new ConfigException(
          where
              + ": "
              + directory
              + " is not a directory; correct the path"
              + " or run `trustbeat init`");
    }
    try (Stream<Path> s = Files.list(directory)) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(Pseudonym::isValid)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ConfigException(
          where
              + ": "
              + directory
              + " cannot be listed ("
              + e.getClass().getSimpleName()
              + "); check its permissions");
    }
  }
}
