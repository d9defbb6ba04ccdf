package org.trustbeat.clinic.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import org.trustbeat.clinic.internal.TomlTable;

/**
 * The dashboard's settings, from a {@code [dashboard]} TOML table:
 *
 * <pre>
 * [dashboard]
 * password_hash = "pbkdf2-sha256:600000:..."   # from 'trustbeat dashboard --hash-password'
 * port = 8480                                   # 0: any free port
 * bind = "127.0.0.1"                            # loopback only
 * session_minutes = 60
 * </pre>
 *
 * Immutable. The dashboard speaks plain HTTP, so it binds to a loopback address only; reach it from
 * elsewhere through an SSH tunnel or a TLS reverse proxy on the same machine.
 */
public final class DashboardConfig {
  public static final int DEFAULT_PORT = 8480;
  private static final Set<String> KEYS =
      Set.of("password_hash", "port", "bind", "session_minutes");

  private final PasswordHash passwordHash;
  private final InetAddress bind;
  private final int port;
  private final Duration session;

  private DashboardConfig(PasswordHash passwordHash, InetAddress bind, int port, Duration session) {
    this.passwordHash = passwordHash;
    this.bind = bind;
    this.port = port;
    this.session = session;
  }

  /** Loopback, {@link #DEFAULT_PORT}, 60-minute sessions. */
  public static DashboardConfig of(PasswordHash passwordHash) {
    return new DashboardConfig(
        passwordHash, InetAddress.getLoopbackAddress(), DEFAULT_PORT, Duration.ofMinutes(60));
  }

  /**
   * Reads a {@code [dashboard]} table.
   *
   * @throws IllegalArgumentException naming the key and the fix
   */
  public static DashboardConfig fromToml(JsonNode dashboardTable) {
    TomlTable t = TomlTable.of("dashboard", dashboardTable, KEYS);
    if (!t.has("password_hash")) {
      throw new IllegalArgumentException(
          "[dashboard] password_hash is missing; make one with"
              + " 'trustbeat dashboard --hash-password' and add the line it prints");
    }
    DashboardConfig c = of(PasswordHash.parse(t.text("password_hash")));
    if (t.has("port")) {
      c = c.withPort(t.integer("port"));
    }
    if (t.has("bind")) {
      c = c.withBind(t.text("bind"));
    }
    if (t.has("session_minutes")) {
      int m = t.integer("session_minutes");
      if (m < 1 || m > 24 * 60) {
        throw new IllegalArgumentException("[dashboard] session_minutes must be 1..1440, was " + m);
      }
      c = new DashboardConfig(c.passwordHash, c.bind, c.port, Duration.ofMinutes(m));
    }
    return c;
  }

  /** The same with another port (0: any free one). */
  public DashboardConfig withPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("dashboard port must be 0..65535, was " + port);
    }
    return new DashboardConfig(passwordHash, bind, port, session);
  }

  private DashboardConfig withBind(String host) {
    InetAddress a;
    try {
      a = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("[dashboard] bind '" + host + "' is not an address");
    }
    if (!a.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "[dashboard] bind '"
              + host
              + "' is not a loopback"
              + " address; the dashboard serves plain HTTP, so keep bind = \"127.0.0.1\" and reach it"
              + " through an SSH tunnel or a TLS reverse proxy");
    }
    return new DashboardConfig(passwordHash, a, port, session);
  }

  public PasswordHash passwordHash() {
    return passwordHash;
  }

  public InetAddress bind() {
    return bind;
  }

  public int port() {
    return port;
  }

  public Duration session() {
    return session;
  }

  @Override
  public String toString() {
    return "DashboardConfig{" + bind.getHostAddress() + ":" + port + ", session=" + session + "}";
  }
}
