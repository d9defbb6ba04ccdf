package org.trustbeat.enclave;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.protocol.AnalysisPolicy;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.KeyBrokerSigningKey;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ReleasedPatient;
import org.trustbeat.protocol.ResultOpener;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.protocol.SignedKeyRelease;
import org.trustbeat.testing.SharedData;

/**
 * Shared set-up for the enclave tests: real records, 1-s chunks, window tasks, key provisioning.
 */
public final class EnclaveTesting {
  /** A multiple of 300 s, so 300-s windows of the shifted record align with the file's. */
  public static final long BASE_SECONDS = 1_700_000_100L;

  public static final long WINDOW_MS = 300_000L;

  private EnclaveTesting() {}

  public static Path sharedData(String relative) {
    return SharedData.file(relative);
  }

  /**
   * The first {@code seconds} of a record, times shifted to epoch seconds by {@link #BASE_SECONDS}.
   */
  public static BeatSeries shiftedRecord(String name, double seconds) throws IOException {
    BeatSeries file = RrRecordReader.read(sharedData("rr/" + name), null);
    List<Double> t = new ArrayList<>();
    List<Double> rr = new ArrayList<>();
    for (int i = 0; i < file.size() && file.time(i) < seconds; i++) {
      t.add(file.time(i) + BASE_SECONDS);
      rr.add(file.rr(i));
    }
    return BeatSeries.of(
        t.stream().mapToDouble(Double::doubleValue).toArray(),
        rr.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** One sample run per 1-s slot of event time ({@link #secondOf}), in time order. */
  public static List<RrSamples> perSecond(BeatSeries beats) throws GeneralSecurityException {
    TreeMap<Long, RrSamples.Builder> bySecond = new TreeMap<>();
    for (int i = 0; i < beats.size(); i++) {
      bySecond
          .computeIfAbsent(secondOf(beats.time(i)).startMillis(), k -> RrSamples.builder())
          .add(beats.time(i), beats.rr(i));
    }
    List<RrSamples> out = new ArrayList<>();
    bySecond.values().forEach(b -> out.add(b.build()));
    return out;
  }

  /** Seals 1-s chunks with sequence numbers from 0. */
  public static List<byte[]> sealPerSecond(PatientKeys keys, String patient, BeatSeries beats)
      throws GeneralSecurityException {
    ChunkSealer sealer = ChunkSealer.create(keys.dataKeyset());
    List<byte[]> out = new ArrayList<>();
    long seq = 0;
    for (RrSamples s : perSecond(beats)) {
      out.add(sealer.seal(patient, seq++, secondOf(s.tSeconds(0)), s).toBytes());
    }
    return out;
  }

  /** The 1-s chunk slot of a beat at {@code tSeconds}. */
  public static ChunkSlot secondOf(double tSeconds) throws GeneralSecurityException {
    return ChunkSlot.containing(tSeconds, 1_000);
  }

  /**
   * The chunks of each window in time order, as the job hands them over: a chunk goes to every
   * window whose range with its 30-s context it overlaps, and a window exists when one of its
   * chunks overlaps the window itself.
   */
  public static TreeMap<Long, List<byte[]>> byWindow(List<byte[]> chunks)
      throws GeneralSecurityException {
    TreeMap<Long, List<byte[]>> out = new TreeMap<>();
    java.util.Set<Long> own = new java.util.HashSet<>();
    for (byte[] c : chunks) {
      ChunkSlot slot = ChunkEnvelope.parseHeader(c).slot();
      for (long k = slot.startMillis() / WINDOW_MS; k <= (slot.endMillis() - 1) / WINDOW_MS; k++) {
        own.add(k * WINDOW_MS);
      }
      long first = WindowTask.firstWindowServed(slot, WINDOW_MS);
      long last = WindowTask.lastWindowServed(slot, WINDOW_MS);
      for (long k = first; k <= last; k++) {
        out.computeIfAbsent(k * WINDOW_MS, x -> new ArrayList<>()).add(c);
      }
    }
    out.keySet().retainAll(own);
    return out;
  }

  /** The test key broker's signing key; {@code HostTesting.config} pins its verification key. */
  public static final KeyBrokerSigningKey KEY_BROKER = newSigningKey();

  /** A test policy allowing every job, {@code identity} included, on 300-s windows. */
  public static final AnalysisPolicy ALL_JOBS =
      AnalysisPolicy.of(List.of("identity", "sdnn", "hrv-bands", "hrv"), List.of(WINDOW_MS));

  private static KeyBrokerSigningKey newSigningKey() {
    try {
      return KeyBrokerSigningKey.generate();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A release signed by {@link #KEY_BROKER}. */
  public static byte[] signedRelease(
      byte[] enclavePublicKey,
      byte[] nonce,
      String evidenceKind,
      Map<String, PatientKeys> keys,
      AnalysisPolicy policy)
      throws GeneralSecurityException {
    Map<String, ReleasedPatient> released = new TreeMap<>();
    keys.forEach((p, k) -> released.put(p, ReleasedPatient.of(k, policy)));
    return SignedKeyRelease.seal(KEY_BROKER, enclavePublicKey, nonce, evidenceKind, released);
  }

  public static byte[] nonce() {
    byte[] n = new byte[32];
    new SecureRandom().nextBytes(n);
    return n;
  }

  /** Opens a sealed result as the patient side does and returns its JSON body. */
  public static String openJson(WindowOutcome outcome, PatientKeys keys)
      throws GeneralSecurityException {
    return new String(
        ResultOpener.create().open(outcome.sealedResult(), keys.resultAead()),
        StandardCharsets.UTF_8);
  }
}
