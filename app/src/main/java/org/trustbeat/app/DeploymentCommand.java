package org.trustbeat.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.Callable;
import org.trustbeat.app.config.ConfigException;
import org.trustbeat.app.config.ConfiguredFile;
import org.trustbeat.app.config.DeploymentConfig;
import org.trustbeat.app.config.PatientsSection;
import org.trustbeat.edge.EdgeKeys;
import org.trustbeat.mqtt.MqttConnectException;
import org.trustbeat.mqtt.MqttEndpoint;
import org.trustbeat.mqtt.MqttSettings;
import org.trustbeat.protocol.KeyBrokerVerificationKey;
import org.trustbeat.protocol.PatientKeys;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command of a deployment that reads its configuration ({@code --config FILE}). Turns every
 * failure into one line naming the fix, never a stack trace. Exit codes: 0 done, 1 a component it
 * needs failed or refused (broker unreachable, key broker refusing, …), 2 bad arguments or
 * configuration; a component stopped by SIGTERM exits 143 after its clean stop, as a JVM does.
 */
abstract class DeploymentCommand implements Callable<Integer> {
  static final int CONFIG_ERROR = 2;
  static final int FAILED = 1;

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description =
          "The deployment's configuration (trustbeat init DIR writes DIR/trustbeat.toml).")
  Path configFile;

  /** A component failed in a way the user can fix; the message is the whole line. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  abstract int run(DeploymentConfig config) throws Exception;

  @Override
  public final Integer call() {
    String name = "trustbeat " + spec.qualifiedName(" ").replaceFirst("^trustbeat ", "");
    try {
      return run(DeploymentConfig.load(configFile));
    } catch (ConfigException e) {
      return fail(name, e.getMessage(), CONFIG_ERROR);
    } catch (CommandLine.ParameterException e) {
      throw e;
    } catch (Failure e) {
      return fail(name, e.getMessage(), FAILED);
    } catch (MqttConnectException e) {
      return fail(name, oneLine(e.getMessage()), FAILED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(name, "interrupted", FAILED);
    } catch (Exception e) {
      return fail(
          name,
          oneLine(e.getClass().getSimpleName() + ": " + e.getMessage())
              + "; see the log lines above",
          FAILED);
    }
  }

  private int fail(String name, String message, int code) {
    err().println(name + ": " + message);
    err().flush();
    return code;
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  /** Client settings for an MQTT login of the deployment's broker. */
  static MqttSettings mqttSettings(DeploymentConfig c, String login, ConfiguredFile passwordFile)
      throws ConfigException {
    byte[] pw = passwordFile.passwordBytes();
    return MqttSettings.builder()
        .setServerUri(c.broker().url())
        .setCaCertificatePem(c.broker().caCertificate().checkReadable())
        .setCredentials(login, pw)
        .setClientId(login)
        .build();
  }

  static MqttEndpoint mqttEndpoint(DeploymentConfig c, String login, ConfiguredFile passwordFile)
      throws ConfigException {
    try {
      return MqttEndpoint.create(mqttSettings(c, login, passwordFile));
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException(
          c.broker().caCertificate().where()
              + ": "
              + oneLine(e.getMessage())
              + "; name the PEM of the CA that signed the broker's"
              + " certificate");
    }
  }

  /** A patient's keys from the patient's directory (mode 600, checked). */
  static PatientKeys patientKeys(PatientsSection patients, String patient) throws ConfigException {
    try {
      return EdgeKeys.load(patients.keys(patient).checkSecret());
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(patients.keys(patient).where() + ": " + oneLine(e.getMessage()));
    }
  }

  /** The key broker's release-verification key, as the configuration names it. */
  static KeyBrokerVerificationKey verificationKey(ConfiguredFile file) throws ConfigException {
    try {
      return KeyBrokerVerificationKey.fromText(
          Files.readString(file.checkReadable(), StandardCharsets.US_ASCII).strip());
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(
          file.where()
              + ": "
              + file.path()
              + " is not a release"
              + " verification key; copy the key broker's release-verification-key.txt there");
    }
  }
}
