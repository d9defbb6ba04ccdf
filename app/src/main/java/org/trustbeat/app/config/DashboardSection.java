package org.trustbeat.app.config;

import org.trustbeat.clinic.dashboard.DashboardConfig;

/**
 * {@code [dashboard]}: the clinician's dashboard ({@code trustbeat dashboard}); read by {@link
 * DashboardConfig#fromToml}, whose Javadoc lists the keys. Only the password's hash is here; init
 * writes the password itself to a file of its own (mode 600).
 *
 * <pre>
 * [dashboard]
 * bind = "127.0.0.1"                        # loopback only: the dashboard speaks plain HTTP
 * port = 8480
 * password_hash = "pbkdf2-sha256:600000:…"  # trustbeat dashboard --hash-password makes one
 * session_minutes = 60
 * </pre>
 */
public record DashboardSection(DashboardConfig settings) {
  static DashboardSection read(TomlTable t) throws ConfigException {
    return new DashboardSection(t.delegate(DashboardConfig::fromToml));
  }
}
