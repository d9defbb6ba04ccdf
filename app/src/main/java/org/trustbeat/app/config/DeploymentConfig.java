package org.trustbeat.app.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.trustbeat.clinic.AlertRules;

/**
 * A TrustBeat deployment's configuration: one TOML file (format {@value #VERSION}, the {@code
 * version} key) with a table per component — {@code [broker]}, {@code [keybroker]}, {@code
 * [server]}, {@code [storage]}, {@code [spark]}, {@code [job]}, {@code [patients]}, and for the
 * clinic's side the optional {@code [store]}, {@code [dashboard]} and {@code [alerts]}; the allowed
 * tables are listed in {@link ConfigTables}. {@code trustbeat init} writes a commented one.
 *
 * <p>Secrets are never in the file: it names files (mode 600) that hold them, so the file itself
 * can be shared between the machines of a deployment, and each machine holds only the secret files
 * of the components it runs. Relative paths are relative to the file's directory.
 *
 * <p>Every problem is a {@link ConfigException} naming the file, the table and key, and the fix;
 * unknown tables and keys are errors.
 */
public final class DeploymentConfig {
  /** The format version this build reads. */
  public static final int VERSION = 1;

  private final Path file;
  private final Map<Class<?>, Object> sections;

  private DeploymentConfig(Path file, Map<Class<?>, Object> sections) {
    this.file = file;
    this.sections = sections;
  }

  /** Reads and checks {@code file}; nothing is started and no secret file is opened. */
  public static DeploymentConfig load(Path file) throws ConfigException {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          file
              + ": no such file; pass the configuration `trustbeat init DIR`"
              + " wrote (DIR/trustbeat.toml)");
    } catch (AccessDeniedException e) {
      throw new ConfigException(file + ": not readable by this user; check its permissions");
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      throw new ConfigException(
          file
              + ": not valid TOML"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + " ("
              + e.getOriginalMessage().lines().findFirst().orElse("")
              + "); fix the syntax");
    } catch (IOException e) {
      throw new ConfigException(
          file
              + ": cannot be read ("
              + e.getClass().getSimpleName()
              + "); check the path and its permissions");
    }
    if (!(root instanceof ObjectNode top)) {
      throw new ConfigException(file + ": empty; start from the file `trustbeat init` writes");
    }
    JsonNode version = top.get("version");
    if (version == null) {
      throw new ConfigException(
          file + ": version: missing; add version = " + VERSION + " as the first line");
    }
    if (!version.isIntegralNumber() || version.asInt() != VERSION) {
      throw new ConfigException(
          file
              + ": version: is "
              + version
              + ", this trustbeat reads version "
              + VERSION
              + "; convert the file or use the trustbeat release that wrote it");
    }
    List<String> known = new ArrayList<>();
    ConfigTables.TABLES.forEach(t -> known.add(t.name()));
    for (Iterator<String> it = top.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("version") && !known.contains(k)) {
        throw new ConfigException(
            file
                + ": ["
                + k
                + "]: unknown table or top-level key; remove or"
                + " correct it (tables: "
                + String.join(", ", known)
                + ")");
      }
    }
    Map<Class<?>, Object> sections = new LinkedHashMap<>();
    for (ConfigTables.Table<?> t : ConfigTables.TABLES) {
      JsonNode n = top.get(t.name());
      if (n == null) {
        if (t.required()) {
          throw new ConfigException(
              file
                  + ": ["
                  + t.name()
                  + "]: missing table; add it (see the"
                  + " file `trustbeat init` writes)");
        }
        continue;
      }
      if (!(n instanceof ObjectNode table)) {
        throw new ConfigException(
            file
                + ": "
                + t.name()
                + ": must be a table; write ["
                + t.name()
                + "] on a line of its own with its keys below");
      }
      TomlTable reader = new TomlTable(file, t.name(), table);
      Object section = t.reader().read(reader);
      reader.finish();
      sections.put(t.type(), section);
    }
    return new DeploymentConfig(file, sections);
  }

  /** The file this was read from. */
  public Path file() {
    return file;
  }

  /** The section of a table, or empty when the (optional) table is absent. */
  public <T> Optional<T> section(Class<T> type) {
    return Optional.ofNullable(type.cast(sections.get(type)));
  }

  private <T> T required(Class<T> type) {
    return section(type).orElseThrow();
  }

  public BrokerSection broker() {
    return required(BrokerSection.class);
  }

  public KeyBrokerSection keyBroker() {
    return required(KeyBrokerSection.class);
  }

  public ServerSection server() {
    return required(ServerSection.class);
  }

  public StorageSection storage() {
    return required(StorageSection.class);
  }

  public SparkSection spark() {
    return required(SparkSection.class);
  }

  public JobSection job() {
    return required(JobSection.class);
  }

  public PatientsSection patients() {
    return required(PatientsSection.class);
  }

  /** {@code [store]}, if the file has one. */
  public Optional<StoreSection> store() {
    return section(StoreSection.class);
  }

  /** {@code [dashboard]}, if the file has one. */
  public Optional<DashboardSection> dashboard() {
    return section(DashboardSection.class);
  }

  /** The {@code [alerts]} rules; without the table, the integrity rules only. */
  public AlertRules alerts() {
    return section(AlertsSection.class)
        .map(AlertsSection::rules)
        .orElseGet(AlertRules::integrityOnly);
  }

  @Override
  public String toString() {
    return "DeploymentConfig{" + file + ", tables=" + sections.size() + "}";
  }
}
