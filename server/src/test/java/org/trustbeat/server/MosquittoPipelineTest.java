package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.edge.Gateway;
import org.trustbeat.edge.Pacer;
import org.trustbeat.edge.RecordReplay;
import org.trustbeat.edge.ResultConsumer;
import org.trustbeat.edge.ResultListener;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.HrvJson;
import org.trustbeat.mqtt.MosquittoConfiguration;
import org.trustbeat.mqtt.MqttEndpoint;
import org.trustbeat.mqtt.MqttLogins;
import org.trustbeat.mqtt.Topics;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.testing.LeakScanner;
import org.trustbeat.testing.MosquittoLauncher;

/**
 * The ingest and result path against the real Eclipse Mosquitto (TLS, hashed passwords, one login
 * per client bound to its client id, a per-login ACL): the ingest and the result publisher each log
 * in with their own server login; alice's record comes back to alice as the analysis of its file; a
 * gateway authenticated as alice that publishes into bob's stream gets nothing into it.
 */
class MosquittoPipelineTest {
  private static final String ALICE = "alice";
  private static final String BOB = "bob";
  private static final double RECORD_SECONDS = 1200;

  @TempDir static Path tmp;
  private static LogCapture logs;
  private static RrFixture record;
  private static Path recordFile;
  private static TestKeys keys;
  private static final List<ConsumedResult> aliceResults = new CopyOnWriteArrayList<>();
  private static final List<ConsumedResult> bobResults = new CopyOnWriteArrayList<>();
  private static List<ChunkEnvelope> landed;
  private static long quarantined;

  @BeforeAll
  static void runAgainstMosquitto() throws Exception {
    if (MosquittoConfiguration.findMosquitto().isEmpty()
        || MosquittoConfiguration.findMosquittoPasswd().isEmpty()) {
      fail("Eclipse Mosquitto is not installed; run ./run-tests, which installs it");
    }
    logs = LogCapture.start();
    record = RrFixture.nsr001(RECORD_SECONDS);
    recordFile = record.writeRecordFile(tmp.resolve("nsr001_first_20min_rr_secs.txt"));
    keys = new TestKeys();
    keys.add(ALICE);
    keys.add(BOB);
    byte[] alicePassword = "alice-password-1".getBytes(StandardCharsets.UTF_8);
    byte[] bobPassword = "bob-password-2".getBytes(StandardCharsets.UTF_8);
    byte[] serverPassword = "server-password-3".getBytes(StandardCharsets.UTF_8);
    byte[] aliceConsumerPassword = "alice-consumer-4".getBytes(StandardCharsets.UTF_8);
    byte[] bobConsumerPassword = "bob-consumer-5".getBytes(StandardCharsets.UTF_8);
    byte[] publisherPassword = "publisher-password-6".getBytes(StandardCharsets.UTF_8);
    List<Mqtt3AsyncClient> clients = new ArrayList<>();
    MosquittoConfiguration conf =
        MosquittoConfiguration.builder()
            .setWorkDirectory(tmp.resolve("mosquitto"))
            .addGatewayUser(ALICE, alicePassword)
            .addGatewayUser(BOB, bobPassword)
            .addConsumerUser(ALICE, aliceConsumerPassword)
            .addConsumerUser(BOB, bobConsumerPassword)
            .addServerUser(MqttLogins.INGEST, serverPassword)
            .addServerUser(MqttLogins.RESULT_PUBLISHER, publisherPassword)
            .build();
    try (MosquittoLauncher broker =
        MosquittoLauncher.start(conf.mosquitto(), conf.workDirectory(), conf::write)) {
      int port = broker.port();
      MqttEndpoint server =
          MqttEndpoint.create(conf.clientSettings(port, MqttLogins.INGEST, serverPassword).build());
      MqttEndpoint alice =
          MqttEndpoint.create(conf.gatewaySettings(port, ALICE, alicePassword).build());
      MqttEndpoint bob = MqttEndpoint.create(conf.gatewaySettings(port, BOB, bobPassword).build());
      clients.add(
          consumer(
              MqttEndpoint.create(
                  conf.consumerSettings(port, ALICE, aliceConsumerPassword).build()),
              ALICE,
              aliceResults));
      clients.add(
          consumer(
              MqttEndpoint.create(conf.consumerSettings(port, BOB, bobConsumerPassword).build()),
              BOB,
              bobResults));
      HostSpec spec =
          HostSpec.builder()
              .setKind(HostKind.SEALED_INPROCESS)
              .setJobId("job-mosquitto")
              .setHostFactory(
                  ModeHostFactory.of(
                      HostKind.SEALED_INPROCESS,
                      tmp.resolve("simulation.key"),
                      null,
                      TestKeys.keyBrokerKey()))
              .setProvisioner(keys)
              .build();
      ServerConfig config =
          ServerConfig.builder()
              .setLandingRoot(tmp.resolve("landing"))
              .setResultRoot(tmp.resolve("results"))
              .setCheckpointDir(tmp.resolve("checkpoint"))
              .setHostSpec(spec)
              .setTriggerInterval(Duration.ofMillis(200))
              .setShufflePartitions(2)
              .setMqtt(
                  conf.clientSettings(port, MqttLogins.RESULT_PUBLISHER, publisherPassword).build())
              .build();
      LandingStore landing = LandingStore.open(tmp.resolve("landing"));
      try (IngestBridge ingest =
              IngestBridge.builder()
                  .setEndpoint(server)
                  .setClientId(MqttLogins.INGEST)
                  .setLandingStore(landing)
                  .setMaxDelay(Duration.ofMillis(100))
                  .build()
                  .start();
          SecureHrvJob job = SecureHrvJob.start(TestSpark.session(), config)) {
        Mqtt3AsyncClient aliceClient = alice.newClient();
        alice.connectBlocking(aliceClient, Duration.ofSeconds(10));
        clients.add(aliceClient);
        // First, on alice's connection, a gateway that claims to be bob's (with bob's real keys,
        // as a replayed or stolen stream would be); then alice's own record on the same
        // connection, so that once alice's data is in, anything injected before it would be too.
        replay(
            BOB,
            aliceClient,
            RrFixture.nsr001(300).writeRecordFile(tmp.resolve("inject_rr_secs.txt")));
        replay(ALICE, aliceClient, recordFile);
        // Bob's own gateway, later in time: its chunk moves the watermark past alice's windows.
        Mqtt3AsyncClient bobClient = bob.newClient();
        bob.connectBlocking(bobClient, Duration.ofSeconds(10));
        clients.add(bobClient);
        double end = RrFixture.BASE_EPOCH_SECONDS + RECORD_SECONDS + 100;
        bobClient
            .publishWith()
            .topic(Topics.chunks(BOB))
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(
                ChunkSealer.create(keys.keys(BOB).dataKeyset())
                    .seal(BOB, 1000, RrSamples.of(new double[] {end}, new double[] {800}))
                    .toBytes())
            .send()
            .get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (aliceResults.size() < 4 && job.query().isActive() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        Thread.sleep(300); // let anything still in flight land
      } finally {
        for (Mqtt3AsyncClient c : clients) {
          c.disconnect().get(10, TimeUnit.SECONDS);
        }
      }
      landed = new ArrayList<>();
      for (Path f : landing.batchFiles()) {
        for (byte[] e : LandingStore.readBatch(Files.readAllBytes(f))) {
          landed.add(ChunkEnvelope.parse(e));
        }
      }
      quarantined = landing.quarantinedCount();
    }
  }

  @AfterAll
  static void stopCapture() {
    if (logs != null) {
      logs.close();
    }
  }

  private static Mqtt3AsyncClient consumer(
      MqttEndpoint endpoint, String patient, List<ConsumedResult> into) throws Exception {
    ResultConsumer consumer =
        ResultConsumer.builder()
            .setPatient(patient)
            .setKeys(keys.keys(patient))
            .setExpectedAlgorithm("hrv")
            .setExpectedJobId("job-mosquitto")
            .setExpectedWindow(Duration.ofMinutes(5))
            .setListener(
                new ResultListener() {
                  @Override
                  public void onResult(ConsumedResult result) {
                    into.add(result);
                  }
                })
            .build();
    Mqtt3AsyncClient c = endpoint.newClient();
    consumer.subscribe(c);
    endpoint.connectBlocking(c, Duration.ofSeconds(10));
    return c;
  }

  private static void replay(String patient, Mqtt3AsyncClient client, Path file) throws Exception {
    try (Gateway gateway =
        Gateway.builder()
            .setPatient(patient)
            .setKeys(keys.keys(patient))
            .setClient(client)
            .setStateDirectory(tmp.resolve("gateway-" + patient))
            .build()) {
      RecordReplay.open(file, null, 300, RrFixture.BASE_EPOCH_SECONDS)
          .replay(gateway, Pacer.of(Pacer.UNPACED));
      gateway.flush();
      assertTrue(
          gateway.awaitDelivered(Duration.ofMinutes(1)), "the broker acknowledged every chunk");
    }
  }

  @Test
  void aliceRecord_flowsThroughMosquitto_andComesBackAsTheAnalysisOfItsFile() throws Exception {
    List<String> expected =
        HrvAnalyzer.windows(
                RecordReplay.open(recordFile, null, 300, RrFixture.BASE_EPOCH_SECONDS).shifted(),
                300,
                HrvJob.HRV)
            .stream()
            .map(HrvJson::toJson)
            .toList();
    assertEquals(4, expected.size());
    List<String> got =
        aliceResults.stream()
            .sorted(Comparator.comparingLong(ConsumedResult::windowStartMillis))
            .map(ConsumedResult::json)
            .toList();
    assertEquals(expected, got);
  }

  @Test
  void gatewayAuthenticatedAsAlice_cannotInjectIntoBobsStream() {
    List<ChunkEnvelope> bobs =
        landed.stream().filter(e -> e.header().patient().equals(BOB)).toList();
    assertEquals(1, bobs.size(), "only bob's own chunk reached the landing store");
    assertEquals(1000, bobs.get(0).header().sequenceNumber());
    assertTrue(landed.stream().anyMatch(e -> e.header().patient().equals(ALICE)));
    assertEquals(0, quarantined, "nothing injected even reached the ingest bridge");
    assertEquals(List.of(), bobResults);
  }

  @Test
  void noSampleValue_inMosquittoPersistenceLandingCheckpointResultsOrLogs() throws Exception {
    List<Path> files =
        LeakScanner.filesUnder(
            tmp.resolve("mosquitto"),
            tmp.resolve("landing"),
            tmp.resolve("checkpoint"),
            tmp.resolve("results"));
    assertTrue(
        files.stream().anyMatch(f -> f.toString().contains("persistence")),
        "Mosquitto's persistence was saved and is scanned: " + files);
    List<String> leaks = new ArrayList<>(record.canaries().leaksIn(files));
    leaks.addAll(
        record
            .canaries()
            .leaksIn(
                "captured log lines",
                String.join("\n", logs.lines()).getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of(), leaks);
  }
}
