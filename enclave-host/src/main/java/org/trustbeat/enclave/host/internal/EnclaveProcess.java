package org.trustbeat.enclave.host.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.trustbeat.enclave.internal.Wire;

/**
 * Host side of an enclave running in another process: launches it, waits for its ready line, and
 * makes {@link Wire} round trips over a small pool of connections. Thread-safe: up to {@code
 * connections} calls run at once, each on its own connection; more wait.
 *
 * <p>Robustness: if the process dies, every call fails with an IOException that gives its exit
 * code, the last lines of its log and the fix (close the host and create a new one). {@link
 * #close()} closes the process's stdin (its signal to stop), waits briefly, then destroys it, and
 * deletes the private work directory (socket and log).
 */
public final class EnclaveProcess implements Closeable {
  private final String what;
  private final Process process;
  private final Path workDir;
  private final Path log;
  private final SocketAddress address;
  private final int maxFrameBytes;
  private final Semaphore permits;
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  private EnclaveProcess(
      String what,
      Process process,
      Path workDir,
      Path log,
      SocketAddress address,
      int maxFrameBytes,
      int connections) {
    this.what = what;
    this.process = process;
    this.workDir = workDir;
    this.log = log;
    this.address = address;
    this.maxFrameBytes = maxFrameBytes;
    this.permits = new Semaphore(connections, true);
  }

  /**
   * Starts {@code command} in {@code workDir} (which this object then owns and deletes on close),
   * stderr to {@code workDir/enclave.log}, and waits for the ready line.
   *
   * @param unixSocket the socket path given to the process, or null when it reports a TCP port
   */
  public static EnclaveProcess launch(
      String what,
      List<String> command,
      Path workDir,
      Path unixSocket,
      Duration startTimeout,
      int maxFrameBytes,
      int connections)
      throws IOException {
    Path log = workDir.resolve("enclave.log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
    Process p = pb.start();
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> readStdout(p, ready), "enclave-stdout");
    reader.setDaemon(true);
    reader.start();
    String line;
    try {
      line = ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      String tail = tail(log);
      kill(p);
      deleteTree(workDir);
      throw new IOException(
          what
              + " did not become ready within "
              + startTimeout.toSeconds()
              + " s; raise EnclaveConfig startTimeout or check the log: "
              + tail);
    } catch (ExecutionException | InterruptedException e) {
      String tail = waitAndTail(p, log);
      kill(p);
      deleteTree(workDir);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException(
          what
              + " exited before it was ready"
              + exitCode(p)
              + "; its log: "
              + tail
              + "; fix the cause above (java and class path of the enclave, simulation key file)");
    }
    SocketAddress address;
    String[] parts = line.split(" ");
    if (parts.length == 3 && parts[1].equals("tcp")) {
      address = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(parts[2]));
    } else if (parts.length == 2 && parts[1].equals("unix") && unixSocket != null) {
      address = UnixDomainSocketAddress.of(unixSocket);
    } else {
      kill(p);
      deleteTree(workDir);
      throw new IOException(
          what
              + " printed an unexpected ready line; host and enclave must run"
              + " the same TrustBeat version");
    }
    return new EnclaveProcess(what, p, workDir, log, address, maxFrameBytes, connections);
  }

  private static void readStdout(Process p, CompletableFuture<String> ready) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!ready.isDone() && line.startsWith(Wire.READY)) {
          ready.complete(line);
        }
        // Other stdout lines (e.g. from a launcher script) are not ours to interpret.
      }
    } catch (IOException e) {
      // the process is gone
    }
    ready.completeExceptionally(new IOException("stdout closed"));
  }

  /** One request, one response. */
  public byte[] call(byte type, byte[] payload) throws IOException, GeneralSecurityException {
    if (closed) {
      throw new IOException(what + " is closed; create a new host");
    }
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a connection to " + what, e);
    }
    try {
      Connection c = idle.poll();
      Wire.Frame answer;
      try {
        if (c == null) {
          c = connect();
        }
        Wire.writeFrame(c.out, type, payload);
        answer = Wire.readFrame(c.in, maxFrameBytes);
        if (answer == null) {
          throw new IOException("the connection closed mid-call");
        }
      } catch (IOException e) {
        if (c != null) {
          c.close();
        }
        throw failure(e);
      }
      idle.add(c);
      return unwrap(answer);
    } finally {
      permits.release();
    }
  }

  private Connection connect() throws IOException {
    SocketChannel ch =
        SocketChannel.open(
            address instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX
                : StandardProtocolFamily.INET);
    try {
      ch.connect(address);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new Connection(ch);
  }

  private IOException failure(IOException cause) {
    if (closed) {
      return new IOException(what + " was closed during the call", cause);
    }
    boolean dead;
    try {
      dead = process.waitFor(200, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dead = !process.isAlive();
    }
    if (dead) {
      return new IOException(
          what
              + " has died"
              + exitCode(process)
              + "; its last log lines: "
              + tail(log)
              + "; close this host and create a new one to restart the enclave (its keys"
              + " are gone: attest and install keys again)",
          cause);
    }
    return new IOException(
        "lost the connection to " + what + " (" + cause.getMessage() + "); the call may be retried",
        cause);
  }

  private static byte[] unwrap(Wire.Frame f) throws IOException, GeneralSecurityException {
    if (f.type == Wire.OK) {
      return f.payload;
    }
    String message = Wire.decodeMessage(f.payload);
    switch (f.type) {
      case Wire.ERR_SECURITY:
        throw new GeneralSecurityException(message);
      case Wire.ERR_ARGUMENT:
        throw new IllegalArgumentException(message);
      case Wire.ERR_IO:
        throw new IOException(message);
      default:
        throw new IOException(message);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The process id, for tests and operators. */
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    Connection c;
    while ((c = idle.poll()) != null) {
      c.close();
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(3, TimeUnit.SECONDS)) {
        kill(process);
      }
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
    }
    deleteTree(workDir);
  }

  private static void kill(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String exitCode(Process p) {
    return p.isAlive() ? "" : " with exit code " + p.exitValue();
  }

  private static String waitAndTail(Process p, Path log) {
    try {
      p.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return tail(log);
  }

  /** The last lines of the enclave's log: it logs ids and sizes only, never data. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> last =
          new ArrayList<>(lines.subList(Math.max(0, lines.size() - 8), lines.size()));
      return last.isEmpty() ? "(empty)" : String.join(" | ", last);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir left behind holds no secrets
    }
  }

  @Override
  public String toString() {
    return "EnclaveProcess{"
        + what
        + ", pid="
        + process.pid()
        + ", alive="
        + process.isAlive()
        + "}";
  }

  private static final class Connection {
    final SocketChannel channel;
    final DataInputStream in;
    final DataOutputStream out;

    Connection(SocketChannel channel) {
      this.channel = channel;
      this.in =
          new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
      this.out =
          new DataOutputStream(
              new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
    }

    void close() {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }
}
