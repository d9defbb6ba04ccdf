package org.trustbeat.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.mqtt.EmbeddedBroker;
import org.trustbeat.mqtt.MosquittoConfiguration;
import org.trustbeat.mqtt.MqttEndpoint;
import org.trustbeat.mqtt.MqttSettings;
import org.trustbeat.mqtt.Topics;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkOpener;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.testing.LeakScanner;
import org.trustbeat.testing.MosquittoLauncher;

class GatewayTest {
  private static final String PATIENT = "p001";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private final PatientKeys keys;

  GatewayTest() throws Exception {
    keys = PatientKeys.generate();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  /** A server-side subscriber with a persistent session, collecting raw chunk envelopes. */
  private BlockingQueue<byte[]> subscribe(MqttEndpoint endpoint, String clientId) throws Exception {
    BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
    Mqtt3AsyncClient c = endpoint.newClient(clientId);
    c.publishes(MqttGlobalPublishFilter.ALL, p -> got.add(p.getPayloadAsBytes()));
    endpoint.connectBlocking(c, Duration.ofSeconds(10));
    c.subscribeWith()
        .topicFilter(Topics.ALL_CHUNKS)
        .qos(MqttQos.AT_LEAST_ONCE)
        .send()
        .get(10, TimeUnit.SECONDS);
    cleanup.add(() -> c.disconnect());
    return got;
  }

  private Mqtt3AsyncClient gatewayClient(MqttEndpoint endpoint, String id) {
    Mqtt3AsyncClient c = endpoint.newClient(id);
    endpoint.connect(c); // may fail at first: automatic reconnect keeps trying
    cleanup.add(() -> c.disconnect());
    return c;
  }

  private Gateway gateway(Mqtt3AsyncClient client, Path state, long maxSpool) throws Exception {
    Gateway g =
        Gateway.builder()
            .setPatient(PATIENT)
            .setKeys(keys)
            .setClient(client)
            .setStateDirectory(state)
            .setChunkSeconds(5)
            .setMaxSpoolBytes(maxSpool)
            .setRetryInterval(Duration.ofMillis(50))
            .build();
    cleanup.add(g);
    return g;
  }

  /** Beats every 0.5 s from t = 1000 s: 10 per 5-s chunk slot. */
  private static void feed(Gateway g, int fromBeat, int count) throws Exception {
    for (int i = fromBeat; i < fromBeat + count; i++) {
      g.accept(1_700_000_000.0 + i * 0.5, 700 + (i % 50));
    }
  }

  private static double[] expectedRr(int fromBeat, int count) {
    double[] rr = new double[count];
    for (int i = 0; i < count; i++) {
      rr[i] = 700 + ((fromBeat + i) % 50);
    }
    return rr;
  }

  /** Opens every envelope; returns the distinct ones in arrival order, checking seq order. */
  private List<RrSamples> openInOrder(List<byte[]> envelopes, List<Long> seqs) throws Exception {
    List<RrSamples> out = new ArrayList<>();
    long last = -1;
    for (byte[] e : envelopes) {
      ChunkEnvelope env = ChunkEnvelope.parse(e);
      long seq = env.header().sequenceNumber();
      if (seq <= last) {
        assertEquals(last, seq, "chunks out of order: " + seq + " after " + last);
        continue; // an at-least-once redelivery of the chunk just before
      }
      assertEquals(PATIENT, env.header().patient());
      last = seq;
      seqs.add(seq);
      out.add(ChunkOpener.create().open(env, keys.dataAead()));
    }
    return out;
  }

  private static List<byte[]> take(BlockingQueue<byte[]> q, int distinct) throws Exception {
    List<byte[]> got = new ArrayList<>();
    java.util.Set<Long> seqs = new java.util.HashSet<>();
    while (seqs.size() < distinct) {
      byte[] e = q.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (e == null) {
        fail("only " + seqs.size() + " of " + distinct + " chunks arrived");
      }
      got.add(e);
      seqs.add(ChunkEnvelope.parseHeader(e).sequenceNumber());
    }
    return got;
  }

  private static double[] concatRr(List<RrSamples> chunks) {
    return chunks.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.rrMsArray())).toArray();
  }

  @Test
  void chunksArriveInOrder_openWithThePatientsKeys_andHoldExactlyTheSamples() throws Exception {
    EmbeddedBroker broker =
        EmbeddedBroker.builder()
            .setDataDirectory(dir.resolve("b"))
            .insecureAllowAnonymous()
            .build();
    cleanup.add(broker.start());
    MqttEndpoint endpoint = MqttEndpoint.create(broker.clientSettings().build());
    BlockingQueue<byte[]> got = subscribe(endpoint, "server");
    Gateway g = gateway(gatewayClient(endpoint, "gw-p001"), dir.resolve("state"), 1 << 20);
    feed(g, 0, 95);
    g.flush();
    assertTrue(g.awaitDelivered(WAIT));

    List<Long> seqs = new ArrayList<>();
    List<RrSamples> chunks = openInOrder(take(got, 10), seqs);
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), seqs);
    assertEquals(10, chunks.get(0).size());
    assertEquals(5, chunks.get(9).size());
    assertEquals(1_700_000_000.0, chunks.get(0).tSeconds(0));
    assertTrue(java.util.Arrays.equals(expectedRr(0, 95), concatRr(chunks)));
    GatewayStats s = g.stats();
    assertEquals(95, s.beatsAccepted());
    assertEquals(10, s.chunksSealed());
    assertEquals(10, s.chunksPublished());
    assertEquals(0, s.spooledChunks());
  }

  @Test
  void brokerDown_chunksWaitInTheSpool_andAllArriveInOrderWhenItIsBack() throws Exception {
    EmbeddedBroker broker =
        EmbeddedBroker.builder()
            .setDataDirectory(dir.resolve("b"))
            .insecureAllowAnonymous()
            .build();
    broker.start();
    cleanup.add(() -> broker.stop());
    MqttEndpoint endpoint = MqttEndpoint.create(broker.clientSettings().build());
    BlockingQueue<byte[]> got = subscribe(endpoint, "server");
    Gateway g = gateway(gatewayClient(endpoint, "gw-p001"), dir.resolve("state"), 1 << 20);
    feed(g, 0, 30);
    g.flush();
    assertTrue(g.awaitDelivered(WAIT));

    broker.stop();
    feed(g, 30, 50);
    g.flush();
    GatewayStats down = g.stats();
    assertTrue(down.spooledChunks() >= 4, "chunks should wait in the spool: " + down);
    assertEquals(8, down.chunksSealed());

    EmbeddedBroker again = broker.restartBuilder().build().start();
    cleanup.add(again);
    assertTrue(g.awaitDelivered(WAIT), "spool not drained after the broker came back");
    List<Long> seqs = new ArrayList<>();
    List<RrSamples> chunks = openInOrder(take(got, 8), seqs);
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), seqs);
    assertTrue(java.util.Arrays.equals(expectedRr(0, 80), concatRr(chunks)), "samples lost");
    assertEquals(0, g.stats().chunksDropped());
  }

  @Test
  void fullSpool_dropsTheOldestChunks_countsThem_andStaysWithinItsBound() throws Exception {
    MqttEndpoint nowhere =
        MqttEndpoint.create(
            MqttSettings.builder()
                .setServer("127.0.0.1", freePort())
                .setAutomaticReconnect(false)
                .build());
    Mqtt3AsyncClient offline = nowhere.newClient("gw-offline");
    Path state = dir.resolve("state");
    Gateway g = gateway(offline, state, 4096);
    feed(g, 0, 400);
    g.flush();
    GatewayStats s = g.stats();
    assertEquals(40, s.chunksSealed());
    assertTrue(s.chunksDropped() > 0, "nothing dropped: " + s);
    assertEquals(s.chunksSealed(), s.chunksDropped() + s.spooledChunks());
    assertTrue(s.spooledBytes() <= 4096, "spool over its bound: " + s);
    long onDisk;
    try (Stream<Path> files = Files.list(state.resolve("spool"))) {
      onDisk =
          files
              .mapToLong(
                  p -> {
                    try {
                      return Files.size(p);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .sum();
    }
    assertEquals(s.spooledBytes(), onDisk);
    assertTrue(onDisk <= 4096);
    // The newest chunks are the ones kept.
    assertTrue(Files.exists(state.resolve("spool").resolve(String.format("%020d.chunk", 39))));
    assertFalse(Files.exists(state.resolve("spool").resolve(String.format("%020d.chunk", 0))));
  }

  @Test
  void restartedGateway_continuesSequenceNumbers_andSendsTheOldSpoolFirst() throws Exception {
    Path state = dir.resolve("state");
    int port = freePort();
    MqttEndpoint endpoint =
        MqttEndpoint.create(MqttSettings.builder().setServer("127.0.0.1", port).build());
    Gateway first = gateway(endpoint.newClient("gw-first"), state, 1 << 20);
    feed(first, 0, 30);
    first.close();
    assertEquals(3, first.stats().nextSequenceNumber());

    EmbeddedBroker broker =
        EmbeddedBroker.builder()
            .setDataDirectory(dir.resolve("b"))
            .setPort(port)
            .insecureAllowAnonymous()
            .build();
    cleanup.add(broker.start());
    BlockingQueue<byte[]> got = subscribe(endpoint, "server");
    Gateway second = gateway(gatewayClient(endpoint, "gw-p001"), state, 1 << 20);
    assertEquals(3, second.stats().nextSequenceNumber());
    assertEquals(3, second.stats().spooledChunks());
    feed(second, 30, 10);
    second.flush();
    assertTrue(second.awaitDelivered(WAIT));
    List<Long> seqs = new ArrayList<>();
    List<RrSamples> chunks = openInOrder(take(got, 4), seqs);
    assertEquals(List.of(0L, 1L, 2L, 3L), seqs);
    assertTrue(java.util.Arrays.equals(expectedRr(0, 40), concatRr(chunks)));
  }

  @Test
  void brokerStorage_holdsNoClearSample() throws Exception {
    Path data = dir.resolve("broker-data");
    EmbeddedBroker broker =
        EmbeddedBroker.builder().setDataDirectory(data).insecureAllowAnonymous().build().start();
    MqttEndpoint endpoint;
    try {
      endpoint = MqttEndpoint.create(broker.clientSettings().build());
      // The server subscribes, then goes away: the broker must store the chunks for it.
      Mqtt3AsyncClient server = endpoint.newClient("server-away");
      endpoint.connectBlocking(server, Duration.ofSeconds(10));
      server
          .subscribeWith()
          .topicFilter(Topics.ALL_CHUNKS)
          .qos(MqttQos.AT_LEAST_ONCE)
          .send()
          .get(10, TimeUnit.SECONDS);
      server.disconnect().get(10, TimeUnit.SECONDS);

      Mqtt3AsyncClient c = endpoint.newClient("gw-canary");
      endpoint.connectBlocking(c, Duration.ofSeconds(10));
      Gateway g = gateway(c, dir.resolve("state"), 1 << 20);
      for (int i = 0; i < 200; i++) {
        g.accept(1_700_000_000.0 + i * 0.75, CANARY_RR[i % CANARY_RR.length]);
      }
      g.flush();
      assertTrue(g.awaitDelivered(WAIT));
      g.close();
      c.disconnect().get(10, TimeUnit.SECONDS);
    } finally {
      broker.stop();
    }
    byte[] store = allBytes(data);
    assertTrue(
        LeakScanner.contains(store, PATIENT.getBytes(StandardCharsets.US_ASCII)),
        "the broker stored no envelope at all, so this test would prove nothing");
    for (double v : CANARY_RR) {
      assertFalse(
          LeakScanner.contains(store, ByteBuffer.allocate(8).putDouble(v).array()),
          "big-endian double of a sample found in broker storage");
      assertFalse(
          LeakScanner.contains(
              store, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array()),
          "little-endian double of a sample found in broker storage");
      assertFalse(
          LeakScanner.contains(store, Double.toString(v).getBytes(StandardCharsets.US_ASCII)),
          "decimal text of a sample found in broker storage");
    }
  }

  private static final double[] CANARY_RR = {777.123456789, 812.987654321, 795.55555};

  @Test
  void mosquitto_gatewayPublishesAsItsPatient_andTheServerUserReceives() throws Exception {
    if (MosquittoConfiguration.findMosquitto().isEmpty()) {
      fail("Eclipse Mosquitto is not installed; run ./run-tests, which installs it");
    }
    byte[] gwPassword = "gw-pass-1".getBytes(StandardCharsets.UTF_8);
    byte[] serverPassword = "server-pass-2".getBytes(StandardCharsets.UTF_8);
    MosquittoConfiguration conf =
        MosquittoConfiguration.builder()
            .setWorkDirectory(dir.resolve("mosquitto"))
            .addGatewayUser(PATIENT, gwPassword)
            .addServerUser("trustbeat-server", serverPassword)
            .build();
    MosquittoLauncher broker =
        MosquittoLauncher.start(conf.mosquitto(), conf.workDirectory(), conf::write);
    cleanup.add(broker);
    BlockingQueue<byte[]> got =
        subscribe(
            MqttEndpoint.create(
                conf.clientSettings(broker.port(), "trustbeat-server", serverPassword).build()),
            "server");
    MqttEndpoint gwEndpoint =
        MqttEndpoint.create(conf.gatewaySettings(broker.port(), PATIENT, gwPassword).build());
    Mqtt3AsyncClient c = gwEndpoint.newClient("gw-p001");
    gwEndpoint.connectBlocking(c, Duration.ofSeconds(10));
    cleanup.add(() -> c.disconnect());
    Gateway g = gateway(c, dir.resolve("state"), 1 << 20);
    feed(g, 0, 20);
    g.flush();
    assertTrue(g.awaitDelivered(WAIT));
    List<Long> seqs = new ArrayList<>();
    List<RrSamples> chunks = openInOrder(take(got, 2), seqs);
    assertEquals(List.of(0L, 1L), seqs);
    assertTrue(java.util.Arrays.equals(expectedRr(0, 20), concatRr(chunks)));
  }

  @Test
  void nonFiniteBeat_isRefusedAndCounted_andTheStreamGoesOn() throws Exception {
    MqttEndpoint nowhere =
        MqttEndpoint.create(
            MqttSettings.builder()
                .setServer("127.0.0.1", freePort())
                .setAutomaticReconnect(false)
                .build());
    Gateway g = gateway(nowhere.newClient("gw-x"), dir.resolve("state"), 1 << 20);
    g.accept(1_700_000_000.0, Double.NaN);
    g.accept(1_700_000_001.0, 800);
    g.flush();
    assertEquals(1, g.stats().beatsRejected());
    assertEquals(1, g.stats().beatsAccepted());
    assertEquals(1, g.stats().chunksSealed());
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static byte[] allBytes(Path root) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.write(Files.readAllBytes(p));
      }
    }
    return out.toByteArray();
  }
}
