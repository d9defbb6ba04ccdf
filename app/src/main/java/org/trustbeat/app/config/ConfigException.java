package org.trustbeat.app.config;

/**
 * A deployment configuration that cannot be used. The message is one line naming the file, the
 * table and key, what is wrong and how to fix it, e.g. {@code trustbeat.toml: [broker] url:
 * missing; add url = "ssl://127.0.0.1:8883" under [broker]}. It never quotes a secret.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
