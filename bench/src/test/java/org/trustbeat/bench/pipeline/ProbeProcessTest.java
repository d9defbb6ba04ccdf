package org.trustbeat.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;

/**
 * The hand-over between the bench and a probe's JVM. A whole probe in its own JVM runs in {@code
 * BenchCommandTest} (the command line's quick run) and on the real job in {@link
 * BenchPipelineTest}.
 */
class ProbeProcessTest {
  @TempDir Path tmp;

  private static ProbeSpec spec() {
    return new ProbeSpec(
        HostKind.SEALED_PROCESS,
        HrvJob.HRV_BANDS,
        80_000,
        2,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        2048,
        Duration.ofMinutes(17));
  }

  @Test
  void spec_readsBackAsWritten() throws Exception {
    spec().store(tmp);
    assertEquals(spec(), ProbeSpec.load(tmp));
  }

  @Test
  void specWithoutAField_isRefused_namingTheFieldAndTheFile() throws Exception {
    spec().store(tmp);
    Path file = tmp.resolve(ProbeSpec.FILE);
    Files.write(
        file, Files.readAllLines(file).stream().filter(l -> !l.startsWith("job=")).toList());
    IOException e = assertThrows(IOException.class, () -> ProbeSpec.load(tmp));
    assertTrue(e.getMessage().contains("'job'") && e.getMessage().contains(file.toString()));
  }

  @Test
  void probeRun_readsBackAsWritten_unmeasuredFiguresIncluded() throws Exception {
    ProbeRun r =
        new ProbeRun(
            80_000,
            40,
            2935.5,
            8739,
            12,
            6100.25,
            Double.NaN,
            0.0367,
            Double.NaN,
            Double.NaN,
            0,
            false,
            "the windows did not all close within 1020 s",
            List.of("{\"batchId\" : 1}", "{\"batchId\" : 2}"));
    r.store(tmp);
    assertEquals(r, ProbeRun.load(tmp));
  }

  @Test
  void probeJvmThatFails_isReportedWithItsLastLines_andLeavesNoFiles() {
    Path dir = tmp.resolve("probe-1");
    List<String> relayed = new ArrayList<>();
    ProbeProcess p = new ProbeProcess("org.trustbeat.bench.pipeline.NoSuchMain", List.of());
    IOException e = assertThrows(IOException.class, () -> p.run(spec(), dir, relayed::add));
    assertTrue(e.getMessage().contains("sealed-process probe at 80000 patients"), e.getMessage());
    assertTrue(e.getMessage().contains("exit code 1"), e.getMessage());
    assertTrue(e.getMessage().contains("NoSuchMain"), "quotes the JVM's own words: " + e);
    assertFalse(relayed.isEmpty(), "the probe JVM's output is shown as it comes");
    assertFalse(Files.exists(dir));
  }

  @Test
  void probeMain_withoutAPreparedProbe_failsWithExitCodeOne() {
    assertEquals(1, ProbeMain.run(tmp.resolve("nothing-here")));
  }

  @Test
  void probeJvm_getsThisJvmsOptions_butNoDebuggerOrJmxPort() {
    assertEquals(
        List.of("-Xmx6g", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Djava.io.tmpdir=/big"),
        ProbeProcess.inheritable(
            List.of(
                "-Xmx6g",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Dcom.sun.management.jmxremote.port=9010",
                "-Djava.io.tmpdir=/big")));
  }
}
