package org.trustbeat.app.config;

import java.util.List;

/**
 * The one list of the tables a deployment configuration may have. To add a table: write a section
 * class (an immutable value with a {@code static read(TomlTable)}, see {@link BrokerSection}) and
 * add one line here; {@link DeploymentConfig#section} then hands it out, and a file with a table
 * not listed here is refused.
 */
final class ConfigTables {
  private ConfigTables() {}

  /** Reads one table into its section. */
  @FunctionalInterface
  interface Reader<T> {
    T read(TomlTable table) throws ConfigException;
  }

  /** A table: its name, the section class it becomes, whether a file must have it. */
  record Table<T>(String name, Class<T> type, boolean required, Reader<T> reader) {}

  static final List<Table<?>> TABLES =
      List.of(
          new Table<>("broker", BrokerSection.class, true, BrokerSection::read),
          new Table<>("keybroker", KeyBrokerSection.class, true, KeyBrokerSection::read),
          new Table<>("server", ServerSection.class, true, ServerSection::read),
          new Table<>("storage", StorageSection.class, true, StorageSection::read),
          new Table<>("spark", SparkSection.class, true, SparkSection::read),
          new Table<>("job", JobSection.class, true, JobSection::read),
          new Table<>("patients", PatientsSection.class, true, PatientsSection::read),
          // The clinic's side (trusted): optional, only the machines that run it need them.
          new Table<>("store", StoreSection.class, false, StoreSection::read),
          new Table<>("dashboard", DashboardSection.class, false, DashboardSection::read),
          new Table<>("alerts", AlertsSection.class, false, AlertsSection::read));
}
