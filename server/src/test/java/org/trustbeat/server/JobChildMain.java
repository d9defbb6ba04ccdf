package org.trustbeat.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;

/**
 * Runs the {@link SecureHrvJob} (sealed-inprocess, keys from a key broker) in a JVM of its own, so
 * a test can kill it with SIGKILL: {@code JobChildMain <work dir> <key broker URI> <simulation key>
 * <available-now: true|false> <key broker verification key, base64>}, the work dir holding {@code
 * landing/}, {@code results/} and {@code checkpoint/}. Prints {@code started} once the query runs;
 * exits 0 when an available-now run has processed everything.
 */
public final class JobChildMain {
  private JobChildMain() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    URI keyBroker = URI.create(args[1]);
    Path simulationKey = Path.of(args[2]);
    boolean availableNow = Boolean.parseBoolean(args[3]);
    org.trustbeat.protocol.KeyBrokerVerificationKey keyBrokerKey =
        org.trustbeat.protocol.KeyBrokerVerificationKey.fromText(args[4]);
    HostSpec spec =
        HostSpec.builder()
            .setKind(HostKind.SEALED_INPROCESS)
            .setJobId("job-crash")
            .setJob(HrvJob.HRV)
            .setHostFactory(
                ModeHostFactory.of(HostKind.SEALED_INPROCESS, simulationKey, null, keyBrokerKey))
            .setProvisioner(KeyBrokerProvisioner.of(keyBroker))
            .setKeyBroker(keyBroker)
            .build();
    ServerConfig config =
        ServerConfig.builder()
            .setLandingRoot(work.resolve("landing"))
            .setResultRoot(work.resolve("results"))
            .setCheckpointDir(work.resolve("checkpoint"))
            .setHostSpec(spec)
            .setAvailableNow(availableNow)
            .setTriggerInterval(Duration.ofMillis(200))
            .setMaxFilesPerTrigger(2)
            .setSparkMaster("local[2]")
            .setShufflePartitions(2)
            .build();
    try (SecureHrvJob job = SecureHrvJob.start(config)) {
      System.out.println("started");
      System.out.flush();
      job.awaitTermination();
    }
    System.exit(0);
  }
}
