package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.mqtt.EmbeddedBroker;
import org.trustbeat.mqtt.MqttEndpoint;
import org.trustbeat.mqtt.Topics;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.RrSamples;

class IngestBridgeTest {
  @TempDir Path tmp;
  private EmbeddedBroker broker;
  private MqttEndpoint endpoint;
  private Mqtt3AsyncClient sender;
  private LandingStore landing;
  private ChunkSealer sealer;

  @BeforeEach
  void startBroker() throws Exception {
    broker =
        EmbeddedBroker.builder()
            .setDataDirectory(tmp.resolve("broker"))
            .setPort(0)
            .insecureAllowAnonymous()
            .build()
            .start();
    endpoint = MqttEndpoint.create(broker.clientSettings().build());
    sender = endpoint.newClient("gateway-test");
    endpoint.connectBlocking(sender, Duration.ofSeconds(10));
    landing = LandingStore.open(tmp.resolve("landing"));
    sealer = ChunkSealer.create(PatientKeys.generate().dataKeyset());
  }

  @AfterEach
  void stopBroker() {
    sender.disconnect();
    broker.close();
  }

  private byte[] chunk(String patient, long seq) throws Exception {
    double t = 1_700_000_100.0 + seq;
    return sealer
        .seal(patient, seq, RrSamples.of(new double[] {t}, new double[] {800 + seq}))
        .toBytes();
  }

  private void publish(String topic, byte[] payload) throws Exception {
    sender.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().get();
  }

  private Set<ByteBuffer> landedEnvelopes() throws Exception {
    Set<ByteBuffer> out = new HashSet<>();
    for (Path f : landing.batchFiles()) {
      for (byte[] e : LandingStore.readBatch(Files.readAllBytes(f))) {
        assertTrue(out.add(ByteBuffer.wrap(e)), "an envelope landed twice");
      }
    }
    return out;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void publishedChunks_landInBatchFiles_eachExactlyOnce() throws Exception {
    List<byte[]> sent = new ArrayList<>();
    try (IngestBridge bridge =
        IngestBridge.builder()
            .setEndpoint(endpoint)
            .setLandingStore(landing)
            .setMaxBatch(10)
            .build()
            .start()) {
      for (int i = 0; i < 25; i++) {
        String patient = i % 2 == 0 ? "alice-1" : "bob-2";
        byte[] c = chunk(patient, i);
        sent.add(c);
        publish(Topics.chunks(patient), c);
      }
      await(() -> bridge.landed() == 25);
      assertEquals(25, bridge.landed());
      assertTrue(bridge.files() >= 3, "at most 10 envelopes per file");
    }
    Set<ByteBuffer> landed = landedEnvelopes();
    assertEquals(25, landed.size());
    for (byte[] c : sent) {
      assertTrue(landed.contains(ByteBuffer.wrap(c)));
    }
  }

  @Test
  void chunkOnAnotherPatientsTopic_orGarbage_isQuarantinedNotLanded() throws Exception {
    try (IngestBridge bridge =
        IngestBridge.builder()
            .setEndpoint(endpoint)
            .setLandingStore(landing)
            .setMaxBatch(1)
            .build()
            .start()) {
      publish(Topics.chunks("bob-2"), chunk("alice-1", 0));
      publish(Topics.chunks("bob-2"), new byte[] {1, 2, 3});
      publish(Topics.chunks("bob-2"), chunk("bob-2", 1));
      await(() -> bridge.landed() + bridge.quarantined() == 3);
      assertEquals(1, bridge.landed());
      assertEquals(2, bridge.quarantined());
    }
    assertEquals(2, landing.quarantinedCount());
    assertEquals(1, landedEnvelopes().size());
  }

  @Test
  void messagesNotYetLanded_whenTheBridgeCrashes_areRedeliveredToTheNextRun() throws Exception {
    IngestBridge first =
        IngestBridge.builder()
            .setEndpoint(endpoint)
            .setClientId("ingest-crash")
            .setLandingStore(landing)
            .setMaxBatch(1000)
            .setMaxDelay(Duration.ofHours(1))
            .setMaxIdle(Duration.ofHours(1))
            .build()
            .start();
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(chunk("alice-1", i));
      publish(Topics.chunks("alice-1"), sent.get(i));
    }
    Thread.sleep(300);
    first.abort();
    assertEquals(0, landing.batchFiles().size());

    try (IngestBridge second =
        IngestBridge.builder()
            .setEndpoint(endpoint)
            .setClientId("ingest-crash")
            .setLandingStore(landing)
            .setMaxDelay(Duration.ofMillis(50))
            .build()
            .start()) {
      await(() -> second.landed() == 5);
      assertEquals(5, second.landed());
    }
    Set<ByteBuffer> landed = landedEnvelopes();
    for (byte[] c : sent) {
      assertTrue(landed.contains(ByteBuffer.wrap(c)));
    }
  }
}
