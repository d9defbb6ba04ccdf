package org.trustbeat.app.config;

import org.trustbeat.clinic.AlertRules;

/**
 * {@code [alerts]}: the rules the clinic's alert engine evaluates as results arrive ({@code
 * trustbeat dashboard}, {@code trustbeat results --alerts}); read by {@link AlertRules#fromToml},
 * whose Javadoc lists the keys. Without the table only the integrity rules are on.
 */
public record AlertsSection(AlertRules rules) {
  static AlertsSection read(TomlTable t) throws ConfigException {
    return new AlertsSection(t.delegate(AlertRules::fromToml));
  }
}
