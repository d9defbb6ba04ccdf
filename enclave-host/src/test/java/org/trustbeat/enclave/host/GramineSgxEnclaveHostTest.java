package org.trustbeat.enclave.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.EnclaveTesting;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.host.internal.GramineManifest;

class GramineSgxEnclaveHostTest {
  @TempDir Path dir;

  @Test
  void withoutGramine_startFailsAtOnce_pointingToSealedProcess() {
    EnclaveConfig config =
        EnclaveConfig.builder()
            .setWorkDir(dir)
            .setGramineSgxCommand("gramine-sgx-not-installed-here")
            .build();
    IOException e = assertThrows(IOException.class, () -> GramineSgxEnclaveHost.start(config));
    assertTrue(
        e.getMessage()
            .startsWith(
                "sgx mode needs an SGX machine with Gramine; use --mode sealed-process here"),
        e.getMessage());
    assertTrue(e.getMessage().contains("not on the PATH"));
  }

  @Test
  void withGramineButNoSgxDevice_startFailsAtOnce_namingTheDevice() throws Exception {
    Path fakeGramine = Files.createFile(dir.resolve("gramine-sgx"));
    fakeGramine.toFile().setExecutable(true);
    EnclaveConfig config =
        EnclaveConfig.builder()
            .setWorkDir(dir)
            .setGramineSgxCommand(fakeGramine.toString())
            .setSgxDevice(dir.resolve("sgx_enclave"))
            .build();
    IOException e =
        assertThrows(IOException.class, () -> EnclaveHosts.create(HostKind.SGX, config));
    assertTrue(e.getMessage().contains("use --mode sealed-process here"), e.getMessage());
    assertTrue(e.getMessage().contains("sgx_enclave does not exist"), e.getMessage());
  }

  @Test
  void prepare_writesAManifestTemplateWithDcapTrustedJarsAndLimits() throws Exception {
    EnclaveConfig config =
        EnclaveConfig.builder()
            .setWorkDir(dir)
            .setEnclaveSize("4G")
            .setKeyBrokerKey(EnclaveTesting.KEY_BROKER.verificationKey())
            .setEnclaveThreads(96)
            .build();
    GramineSgxEnclaveHost.prepare(dir, config);
    String manifest = Files.readString(dir.resolve("trustbeat-enclave.manifest.template"));
    assertTrue(manifest.contains("sgx.remote_attestation = \"dcap\""));
    assertTrue(manifest.contains("sgx.enclave_size = \"4G\""));
    assertTrue(manifest.contains("sgx.max_threads = 96"));
    assertTrue(manifest.contains("sgx.debug = false"));
    assertTrue(manifest.contains("loader.argv_src_file = \"file:" + GramineManifest.ARGS + "\""));
    String javaHome = Path.of(System.getProperty("java.home")).toRealPath().toString();
    assertTrue(manifest.contains("libos.entrypoint = \"" + javaHome + "/bin/java\""), manifest);
    assertTrue(manifest.contains("\"file:" + javaHome + "/\""), "the JDK is a trusted directory");
    String tinkJar =
        Path.of(
                com.google.crypto.tink.Aead.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI())
            .toString();
    assertTrue(manifest.contains("\"file:" + tinkJar + "\""), "class path jars are trusted files");
    assertTrue(manifest.contains("{ type = \"tmpfs\", path = \"/tmp\" }"));
  }

  @Test
  void prepare_withoutAKeyBrokerKey_isRefusedNamingTheSetting() {
    EnclaveConfig config = EnclaveConfig.builder().setWorkDir(dir).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> GramineSgxEnclaveHost.prepare(dir, config));
    assertTrue(e.getMessage().contains("setKeyBrokerKey"), e.getMessage());
  }

  @Test
  void prepare_writesALauncherThatFixesTheArgvAndExecsGramineSgx() throws Exception {
    EnclaveConfig config =
        EnclaveConfig.builder()
            .setWorkDir(dir)
            .setKeyBrokerKey(EnclaveTesting.KEY_BROKER.verificationKey())
            .build();
    Path launcher = GramineSgxEnclaveHost.prepare(dir, config);
    assertEquals(dir.resolve("trustbeat-enclave-launch.sh"), launcher);
    assertTrue(Files.isExecutable(launcher));
    String script = Files.readString(launcher);
    assertTrue(script.contains("gramine-argv-serializer"));
    assertTrue(script.contains("'org.trustbeat.enclave.internal.EnclaveMain'"));
    assertTrue(script.contains("'--host-kind' 'sgx' '--attestation' 'dcap'"), script);
    assertTrue(script.contains("'--tcp-port' '0'"));
    // The pinned key broker key is in the measured argv file, hence in MRENCLAVE.
    assertTrue(
        script.contains(
            "'--key-broker-key' '" + EnclaveTesting.KEY_BROKER.verificationKey().toText() + "'"),
        script);
    assertTrue(script.contains("gramine-sgx-sign --manifest trustbeat-enclave.manifest"));
    assertTrue(script.endsWith("exec 'gramine-sgx' trustbeat-enclave\n"), script);
  }
}
