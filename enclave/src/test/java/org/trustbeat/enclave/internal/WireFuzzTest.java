package org.trustbeat.enclave.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.enclave.EnclaveTesting;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.PatientKeys;

/**
 * Bounded-time, fixed-seed fuzzing of the host–enclave channel, both directions: {@link
 * Wire#readFrame}, {@link Wire#decodeBatch}, {@link Wire#decodeOutcomes} and {@link
 * Wire#decodeEvidence} only ever throw {@link IOException}; and an {@link EnclaveMain} served
 * in-process answers every mutated request, authentic batches of a provisioned patient included,
 * with a typed answer ({@link Wire#OK}, {@link Wire#ERR_SECURITY} or {@link Wire#ERR_IO}), never
 * with {@link Wire#ERR_INTERNAL} (an unchecked exception in the enclave program), and survives
 * broken framing.
 */
class WireFuzzTest {
  private static final long SEED = 0x7b_10_0cL;
  private static final long BUDGET_NANOS = 1_500_000_000L;
  private static final String PATIENT = "p-fuzz";

  @TempDir static Path dir;
  private static PatientKeys keys;
  private static byte[] batch;
  private static byte[] outcomes;
  private static byte[] evidence;

  @BeforeAll
  static void seeds() throws Exception {
    keys = PatientKeys.generate();
    // 400 s of a real record in 1-s chunks: window 0 with its context, and window 1's start.
    BeatSeries beats = EnclaveTesting.shiftedRecord("nsr001_rr_secs.txt", 640);
    TreeMap<Long, List<byte[]>> windows =
        EnclaveTesting.byWindow(EnclaveTesting.sealPerSecond(keys, PATIENT, beats));
    List<WindowTask> tasks = new ArrayList<>();
    for (Map.Entry<Long, List<byte[]>> w : windows.entrySet()) {
      List<byte[]> chunks = w.getValue().subList(0, Math.min(40, w.getValue().size()));
      tasks.add(WindowTask.of(PATIENT, w.getKey(), EnclaveTesting.WINDOW_MS, chunks));
    }
    batch = Wire.encodeBatch(WindowBatch.of("job-fuzz", HrvJob.HRV, tasks));
    outcomes =
        Wire.encodeOutcomes(
            List.of(
                WindowOutcome.of(
                    PATIENT,
                    300_000,
                    new byte[] {5, 6, 7},
                    40,
                    1,
                    2L,
                    3,
                    Map.of(RejectReason.NO_KEY, 2, RejectReason.MALFORMED, 1)),
                WindowOutcome.of("p2", 0, new byte[0], 0, 0, 0L, 0, Map.of())));
    evidence = Wire.encodeEvidence(Evidence.of(EvidenceKind.SIMULATION, new byte[] {1, 2, 3}));
  }

  @Test
  void decoders_onlyEverThrowIOException() {
    Random random = new Random(SEED);
    long deadline = System.nanoTime() + BUDGET_NANOS;
    int cases = 0;
    int decoded = 0;
    while (cases < 30_000 && (cases < 200 || System.nanoTime() < deadline)) {
      int kind = random.nextInt(4);
      byte[] seed = kind == 0 ? batch : kind == 1 ? outcomes : kind == 2 ? evidence : frame(batch);
      byte[] input = mutate(seed, random);
      cases++;
      try {
        switch (kind) {
          case 0 -> Wire.decodeBatch(input).toString();
          case 1 -> Wire.decodeOutcomes(input).forEach(WindowOutcome::toString);
          case 2 -> Wire.decodeEvidence(input);
          default -> {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(input));
            while (Wire.readFrame(in, 1 << 20) != null) {
              // every frame in the bytes
            }
          }
        }
        decoded++;
      } catch (IOException expected) {
        // refused: the channel is closed by the reader
      } catch (RuntimeException e) {
        fail("case " + cases + " (" + kind + "): unchecked " + e + " escaped the Wire decoder", e);
      }
    }
    assertTrue(decoded > 0 && decoded < cases, decoded + " of " + cases + " decoded");
  }

  @Test
  void enclaveMain_answersEveryMutatedRequestWithATypedAnswer_andSurvivesBrokenFrames()
      throws Exception {
    EnclaveMain.Options o =
        EnclaveMain.Options.parse(
            new String[] {
              "--tcp-port",
              "0",
              "--host-kind",
              "sealed-process",
              "--attestation",
              "simulation",
              "--simulation-key",
              dir.resolve("sim.key").toString(),
              "--max-frame-bytes",
              String.valueOf(1 << 20),
              "--key-broker-key",
              EnclaveTesting.KEY_BROKER.verificationKey().toText()
            });
    PipedOutputStream control = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(control);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    AtomicReference<Throwable> died = new AtomicReference<>();
    Thread main =
        new Thread(
            () -> {
              try {
                EnclaveMain.run(o, stdin, new PrintStream(printed, true, StandardCharsets.UTF_8));
              } catch (Throwable t) {
                died.set(t);
              }
            },
            "fuzzed-enclave-main");
    main.setDaemon(true);
    main.start();
    int port = awaitReady(printed, died);
    try {
      Random random = new Random(SEED + 1);
      Map<Byte, Integer> answers = new TreeMap<>();
      try (Connection c = new Connection(port)) {
        byte[] publicKey = c.call(Wire.PUBLIC_KEY, new byte[0], Wire.OK);
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        c.call(Wire.ATTEST, Wire.encodeAttest(nonce), Wire.OK);
        byte[] release =
            EnclaveTesting.signedRelease(
                publicKey, nonce, "SIMULATION", Map.of(PATIENT, keys), EnclaveTesting.ALL_JOBS);
        byte[] install = Wire.encodeInstallKeys(nonce, release);
        c.call(Wire.INSTALL_KEYS, install, Wire.OK);
        List<WindowOutcome> genuine = Wire.decodeOutcomes(c.call(Wire.PROCESS, batch, Wire.OK));
        assertTrue(
            genuine.stream().anyMatch(WindowOutcome::hasResult), "the seed batch is analysed");

        byte[][] requests = {new byte[0], Wire.encodeAttest(nonce), install, batch};
        byte[] types = {Wire.PUBLIC_KEY, Wire.ATTEST, Wire.INSTALL_KEYS, Wire.PROCESS};
        long deadline = System.nanoTime() + 2 * BUDGET_NANOS;
        int cases = 0;
        while (cases < 5_000 && (cases < 100 || System.nanoTime() < deadline)) {
          int k = random.nextInt(requests.length);
          byte type = random.nextInt(20) == 0 ? (byte) random.nextInt(256) : types[k];
          byte[] payload = mutate(requests[k], random);
          cases++;
          Wire.Frame answer = c.send(type, payload);
          assertNotNull(answer, "case " + cases + ": the enclave closed the channel");
          answers.merge(answer.type, 1, Integer::sum);
          if (answer.type != Wire.OK
              && answer.type != Wire.ERR_SECURITY
              && answer.type != Wire.ERR_IO) {
            fail(
                "case "
                    + cases
                    + " (request type "
                    + type
                    + "): answer type "
                    + answer.type
                    + ": "
                    + Wire.decodeMessage(answer.payload));
          }
        }
        System.out.println(
            "WireFuzzTest: " + cases + " mutated requests, answers by type " + answers);
        assertTrue(answers.getOrDefault(Wire.OK, 0) > 0 && answers.size() > 1, answers.toString());
      }

      // Broken framing (lengths, truncation) drops that connection only.
      long deadline = System.nanoTime() + BUDGET_NANOS / 2;
      for (int i = 0; i < 100 && System.nanoTime() < deadline; i++) {
        try (Connection c = new Connection(port)) {
          c.raw(mutate(frame(batch), random));
          c.drain();
        }
      }
      try (Connection c = new Connection(port)) {
        assertTrue(c.call(Wire.PUBLIC_KEY, new byte[0], Wire.OK).length > 32, "still serving");
      }
      assertEquals(null, died.get());
    } finally {
      control.close(); // EOF on the enclave's stdin: it stops
      main.join(10_000);
    }
  }

  private static int awaitReady(ByteArrayOutputStream printed, AtomicReference<Throwable> died)
      throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      String out = printed.toString(StandardCharsets.UTF_8);
      int at = out.indexOf(Wire.READY + " tcp ");
      if (at >= 0 && out.indexOf('\n', at) > 0) {
        return Integer.parseInt(
            out.substring(at + Wire.READY.length() + 5, out.indexOf('\n', at)).strip());
      }
      if (died.get() != null) {
        throw new AssertionError("the enclave did not start", died.get());
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the enclave did not print " + Wire.READY);
  }

  /** A client connection to the in-process enclave. */
  private static final class Connection implements AutoCloseable {
    private final SocketChannel ch;
    private final DataInputStream in;
    private final DataOutputStream out;

    Connection(int port) throws IOException {
      ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
      // Buffered, so a frame leaves in one write (no Nagle delay between its parts).
      out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
    }

    Wire.Frame send(byte type, byte[] payload) throws IOException {
      Wire.writeFrame(out, type, payload);
      return Wire.readFrame(in, 64 << 20);
    }

    byte[] call(byte type, byte[] payload, byte expected) throws IOException {
      Wire.Frame f = send(type, payload);
      assertEquals(expected, f.type, () -> new String(f.payload, StandardCharsets.UTF_8));
      return f.payload;
    }

    void raw(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
      ch.shutdownOutput();
    }

    /** Reads answers until the enclave closes the connection (it must, or answer and wait). */
    void drain() {
      try {
        while (Wire.readFrame(in, 64 << 20) != null) {
          // a complete frame got its answer
        }
      } catch (IOException expected) {
        // dropped by the enclave: fine
      }
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  /** The bytes of one frame as {@link Wire#writeFrame} sends it. */
  private static byte[] frame(byte[] payload) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      Wire.writeFrame(new DataOutputStream(b), Wire.PROCESS, payload);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return b.toByteArray();
  }

  /** One to four edits: bit flips, byte sets, interesting values, cuts, duplications, inserts. */
  static byte[] mutate(byte[] original, Random random) {
    byte[] b = original.clone();
    for (int e = 1 + random.nextInt(4); e > 0; e--) {
      if (b.length == 0) {
        b = new byte[] {(byte) random.nextInt(256)};
        continue;
      }
      int at = random.nextInt(b.length);
      switch (random.nextInt(7)) {
        case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> b[at] = (byte) random.nextInt(256);
        case 2 -> {
          byte[] interesting = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff};
          b[at] = interesting[random.nextInt(interesting.length)];
        }
        case 3 -> b = Arrays.copyOf(b, at);
        case 4 -> {
          int len = Math.min(b.length - at, 1 + random.nextInt(32));
          byte[] out = Arrays.copyOf(b, b.length + len);
          System.arraycopy(b, at, out, at + len, b.length - at);
          b = out;
        }
        case 5 -> {
          int len = Math.min(b.length - at, 1 + random.nextInt(32));
          byte[] out = new byte[b.length - len];
          System.arraycopy(b, 0, out, 0, at);
          System.arraycopy(b, at + len, out, at, b.length - at - len);
          b = out;
        }
        default -> {
          // A 4-byte big-endian field (a length, count or window bound) made extreme.
          int[] values = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20};
          if (at + 4 <= b.length) {
            java.nio.ByteBuffer.wrap(b).putInt(at, values[random.nextInt(values.length)]);
          }
        }
      }
    }
    return b;
  }
}
