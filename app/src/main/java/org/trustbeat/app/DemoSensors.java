package org.trustbeat.app;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.trustbeat.edge.Beat;
import org.trustbeat.edge.Gateway;
import org.trustbeat.edge.GatewayStats;
import org.trustbeat.edge.Pacer;
import org.trustbeat.edge.RecordReplay;
import org.trustbeat.edge.RrSimulator;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.mqtt.MqttConnectException;
import org.trustbeat.mqtt.MqttLogins;

/**
 * The demo's patient side: one sensor per patient — simulated or a replayed real record — feeding
 * that patient's gateway, which seals chunks and publishes them over MQTT. Each sensor runs on its
 * own thread at the demo's speed.
 */
final class DemoSensors implements AutoCloseable {
  /** One patient's sensor: a beat source and how to label it. */
  record Sensor(String patient, Iterator<Beat> beats, String description) {}

  private final List<Gateway> gateways = new ArrayList<>();
  private final List<Mqtt3AsyncClient> clients = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final ScheduledExecutorService gatewayExecutor =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "demo-gateways");
            t.setDaemon(true);
            return t;
          });

  /** A simulated patient with its own heart rate, LF/HF rhythm and artifact rate. */
  static Sensor simulated(String patient, long seed, double startEpochSeconds) {
    Random r = new Random(seed);
    double bpm = 58 + r.nextInt(30);
    RrSimulator sim =
        RrSimulator.builder()
            .setSeed(seed)
            .setMeanHeartRate(bpm)
            .setLf(15 + 20 * r.nextDouble(), 0.08 + 0.04 * r.nextDouble())
            .setHf(10 + 25 * r.nextDouble(), 0.2 + 0.1 * r.nextDouble())
            .setNoise(5)
            .setArtifactRate(0.005)
            .setStartEpochSeconds(startEpochSeconds)
            .build();
    return new Sensor(patient, sim, String.format("simulated, %.0f bpm", bpm));
  }

  /** A real PhysioNet record replayed from its start, aligned to the analysis windows. */
  static Sensor replay(String patient, Path file, double windowSeconds, double notBeforeEpoch)
      throws IOException {
    return replay(patient, file, null, windowSeconds, notBeforeEpoch);
  }

  /** As above with the RR unit given (null: from the file name or header, as trustbeat hrv). */
  static Sensor replay(
      String patient,
      Path file,
      RrRecordReader.Unit unit,
      double windowSeconds,
      double notBeforeEpoch)
      throws IOException {
    RecordReplay replay = RecordReplay.open(file, unit, windowSeconds, notBeforeEpoch);
    return new Sensor(
        patient,
        replay.beats(),
        "replay of " + file.getFileName() + " (" + replay.size() + " beats)");
  }

  void start(
      List<Sensor> sensors,
      DemoTrust trust,
      DemoMqtt mqtt,
      Path stateDir,
      double speed,
      Consumer<String> log)
      throws IOException, GeneralSecurityException, MqttConnectException {
    for (Sensor s : sensors) {
      PipelineWiring.GatewayLink link =
          PipelineWiring.connectGateway(
              mqtt.endpoint(MqttLogins.gateway(s.patient())),
              s.patient(),
              trust.patientKeys(s.patient()),
              stateDir.resolve(s.patient()),
              gatewayExecutor);
      clients.add(link.client());
      Gateway g = link.gateway();
      gateways.add(g);
      Thread t = new Thread(() -> play(s, g, speed, log), "sensor-" + s.patient());
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private static void play(Sensor s, Gateway g, double speed, Consumer<String> log) {
    try {
      Pacer.of(speed).play(s.beats(), g);
      g.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.accept("sensor of " + s.patient() + " stopped: " + e.getClass().getSimpleName());
    }
  }

  /** Stops the sensors, seals what they buffered and waits (bounded) for delivery. */
  void stopAndDrain(Duration wait) throws InterruptedException {
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      t.join(2000);
    }
    for (Gateway g : gateways) {
      try {
        g.flush();
        g.awaitDelivered(wait);
      } catch (IOException | GeneralSecurityException e) {
        // Counted in the gateway's own statistics; the summary shows what was not delivered.
      }
    }
  }

  /** Totals over all gateways. */
  GatewayStats totals() {
    return gateways.stream().map(Gateway::stats).reduce(GatewayStats.ZERO, GatewayStats::plus);
  }

  @Override
  public void close() {
    threads.forEach(Thread::interrupt);
    for (Gateway g : gateways) {
      try {
        g.close();
      } catch (IOException | GeneralSecurityException e) {
        // Closing best effort: the chunks stay in the gateway's spool on disk.
      }
    }
    for (Mqtt3AsyncClient c : clients) {
      c.disconnect();
    }
    gatewayExecutor.shutdownNow();
    try {
      gatewayExecutor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
