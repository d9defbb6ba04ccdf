package org.trustbeat.enclave.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.protocol.KeyBrokerVerificationKey;
import org.trustbeat.protocol.ProtocolLimits;

/**
 * Entry point of the enclave process: starts an {@link EnclaveProgram} and serves it over one
 * socket with the {@link Wire} protocol. Used by the child-process host (a Unix domain socket in a
 * private directory) and under Gramine-SGX (TCP on the loopback address, since Gramine's Unix
 * sockets are not visible to host processes).
 *
 * <pre>
 * EnclaveMain (--socket PATH | --tcp-port N) --host-kind sealed-process|sgx
 *             (--attestation simulation --simulation-key FILE | --attestation dcap [--attestation-dir DIR])
 *             --key-broker-key BASE64 [--max-frame-bytes N] [--max-connections N]
 * </pre>
 *
 * <p>{@code --key-broker-key} is the base64 text of the key broker's release-verification key
 * ({@code KeyBrokerVerificationKey.toText()}): the program takes only releases that key signed.
 * Under Gramine-SGX the argv is a trusted file, so the key is part of MRENCLAVE.
 *
 * <p>Prints {@link Wire#READY} (then "unix" or "tcp PORT") on stdout once it accepts connections,
 * and exits when its stdin closes, so it never outlives the host that started it. Exit codes: 0
 * stopped, 2 bad arguments, 1 could not start.
 */
public final class EnclaveMain {
  private final EnclaveProgram program;
  private final int maxFrameBytes;
  private final AtomicInteger connections = new AtomicInteger();
  private final int maxConnections;

  private EnclaveMain(EnclaveProgram program, int maxFrameBytes, int maxConnections) {
    this.program = program;
    this.maxFrameBytes = maxFrameBytes;
    this.maxConnections = maxConnections;
  }

  public static void main(String[] args) {
    PrintStream err = System.err;
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("trustbeat enclave: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      run(o, System.in, System.out);
      System.exit(0);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      String note =
          o.dcap ? "SGX_DCAP attestation" : "SIMULATION attestation: no hardware protection";
      err.println(
          "["
              + o.hostKind.label()
              + ", "
              + note
              + "] trustbeat enclave could not start: "
              + e.getMessage());
      System.exit(1);
    }
  }

  static void run(Options o, InputStream stdin, PrintStream stdout)
      throws IOException, GeneralSecurityException {
    EvidenceSource evidence =
        o.dcap
            ? new GramineDcapEvidence(o.attestationDir)
            : InsecureSimulationEvidence.create(o.simulationKey);
    EnclaveProgram program =
        EnclaveProgram.start(o.hostKind, evidence, ProtocolLimits.defaults(), o.keyBroker);
    EnclaveMain main = new EnclaveMain(program, o.maxFrameBytes, o.maxConnections);
    ServerSocketChannel server;
    String ready;
    if (o.socket != null) {
      Files.deleteIfExists(o.socket);
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(o.socket));
      ready = Wire.READY + " unix";
    } else {
      server = ServerSocketChannel.open();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), o.tcpPort));
      ready = Wire.READY + " tcp " + ((InetSocketAddress) server.getLocalAddress()).getPort();
    }
    Thread acceptor = new Thread(() -> main.acceptLoop(server), "enclave-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    stdout.println(ready);
    stdout.flush();
    // The host holds our stdin open for as long as it wants us; EOF means it closed or died.
    byte[] sink = new byte[256];
    while (stdin.read(sink) >= 0) {
      // ignore input
    }
    program.log(Level.INFO, "host closed the control pipe; stopping");
    server.close();
    if (o.socket != null) {
      Files.deleteIfExists(o.socket);
    }
  }

  private void acceptLoop(ServerSocketChannel server) {
    while (server.isOpen()) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (IOException e) {
        return; // closed on shutdown
      }
      if (connections.incrementAndGet() > maxConnections) {
        connections.decrementAndGet();
        program.log(Level.WARNING, "refused a connection over the limit of " + maxConnections);
        closeQuietly(ch);
        continue;
      }
      Thread t = new Thread(() -> serve(ch), "enclave-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(SocketChannel ch) {
    try (ch) {
      DataInputStream in =
          new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16));
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16));
      Wire.Frame f;
      while ((f = Wire.readFrame(in, maxFrameBytes)) != null) {
        answer(f, out);
      }
    } catch (IOException e) {
      program.log(Level.WARNING, "connection dropped: " + e.getClass().getSimpleName());
    } finally {
      connections.decrementAndGet();
    }
  }

  private void answer(Wire.Frame f, DataOutputStream out) throws IOException {
    byte type;
    byte[] payload;
    try {
      payload = handle(f);
      type = Wire.OK;
    } catch (GeneralSecurityException e) {
      type = Wire.ERR_SECURITY;
      payload = message(e.getMessage());
    } catch (IllegalArgumentException e) {
      type = Wire.ERR_ARGUMENT;
      payload = message(e.getMessage());
    } catch (IOException e) {
      type = Wire.ERR_IO;
      payload = message(e.getMessage());
    } catch (RuntimeException e) {
      // Unexpected: report the type only, since a foreign message could quote data.
      program.log(Level.SEVERE, "internal error " + e.getClass().getName());
      type = Wire.ERR_INTERNAL;
      payload =
          message(
              "internal error in the enclave program ("
                  + e.getClass().getName()
                  + "); see the enclave log");
    }
    Wire.writeFrame(out, type, payload);
  }

  private byte[] handle(Wire.Frame f) throws GeneralSecurityException, IOException {
    BinaryReader<IOException> in = Wire.in(f.payload);
    switch (f.type) {
      case Wire.PUBLIC_KEY:
        in.expectEnd("end");
        return program.publicKey();
      case Wire.ATTEST:
        {
          byte[] nonce = Wire.bytes(in);
          in.expectEnd("end");
          return Wire.encodeEvidence(program.attest(nonce));
        }
      case Wire.INSTALL_KEYS:
        {
          byte[] nonce = Wire.bytes(in);
          byte[] sealed = Wire.bytes(in);
          in.expectEnd("end");
          program.installKeys(nonce, sealed);
          return new byte[0];
        }
      case Wire.PROCESS:
        return Wire.encodeOutcomes(program.process(Wire.decodeBatch(f.payload)));
      default:
        throw new IOException(
            "unknown request type "
                + f.type
                + "; both ends must run the same"
                + " TrustBeat version");
    }
  }

  private static byte[] message(String m) {
    return Wire.encodeMessage(m == null ? "" : m);
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  private static KeyBrokerVerificationKey keyBroker(String text) {
    try {
      return KeyBrokerVerificationKey.fromText(text);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("--key-broker-key: " + e.getMessage());
    }
  }

  /** Parsed command line. */
  static final class Options {
    Path socket;
    int tcpPort = -1;
    HostKind hostKind;
    boolean dcap;
    Path simulationKey;
    Path attestationDir = Path.of("/dev/attestation");
    KeyBrokerVerificationKey keyBroker;
    int maxFrameBytes = 64 << 20;
    int maxConnections = 16;

    static Options parse(String[] args) {
      Options o = new Options();
      String attestation = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--socket" -> o.socket = Path.of(v);
          case "--tcp-port" -> o.tcpPort = Integer.parseInt(v);
          case "--host-kind" -> o.hostKind = HostKind.byLabel(v);
          case "--attestation" -> attestation = v;
          case "--simulation-key" -> o.simulationKey = Path.of(v);
          case "--attestation-dir" -> o.attestationDir = Path.of(v);
          case "--key-broker-key" -> o.keyBroker = keyBroker(v);
          case "--max-frame-bytes" -> o.maxFrameBytes = Integer.parseInt(v);
          case "--max-connections" -> o.maxConnections = Integer.parseInt(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if ((o.socket == null) == (o.tcpPort < 0)) {
        throw new IllegalArgumentException("give exactly one of --socket PATH and --tcp-port N");
      }
      if (o.hostKind == null
          || o.hostKind == HostKind.PLAIN
          || o.hostKind == HostKind.SEALED_INPROCESS) {
        throw new IllegalArgumentException("--host-kind must be sealed-process or sgx");
      }
      if ("dcap".equals(attestation)) {
        o.dcap = true;
      } else if ("simulation".equals(attestation)) {
        if (o.simulationKey == null) {
          throw new IllegalArgumentException(
              "--attestation simulation needs --simulation-key FILE");
        }
      } else {
        throw new IllegalArgumentException("--attestation must be simulation or dcap");
      }
      if (o.dcap != (o.hostKind == HostKind.SGX)) {
        throw new IllegalArgumentException(
            "--host-kind sgx goes with --attestation dcap, sealed-process with simulation");
      }
      if (o.keyBroker == null) {
        throw new IllegalArgumentException(
            "--key-broker-key BASE64 is required: the verification"
                + " key of the key broker whose signed releases the enclave takes");
      }
      if (o.maxFrameBytes < 1024 || o.maxConnections < 1) {
        throw new IllegalArgumentException(
            "--max-frame-bytes must be >= 1024, --max-connections >= 1");
      }
      return o;
    }
  }
}
