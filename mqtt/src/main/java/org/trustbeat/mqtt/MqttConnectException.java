package org.trustbeat.mqtt;

/** A client could not connect: broker down, credentials refused, or TLS trust failed. */
public final class MqttConnectException extends Exception {
  public MqttConnectException(String message, Throwable cause) {
    super(message, cause);
  }
}
