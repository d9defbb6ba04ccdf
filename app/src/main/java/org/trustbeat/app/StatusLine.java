package org.trustbeat.app;

import java.io.PrintWriter;

/**
 * The status output of a long-running component ({@code server}, {@code gateway}, {@code results},
 * {@code keybroker serve}): one health line when it is up, progress lines while it runs, one line
 * when it stops. Every line starts with the component's name and its mode label, so no line can
 * pass for more protection than the deployment has. Lines carry counts and ids, never contents.
 * Kept in one place so that another console (a live status view) can replace it.
 */
final class StatusLine {
  private final PrintWriter out;
  private final String prefix;

  StatusLine(PrintWriter out, String component, String label) {
    this.out = out;
    this.prefix = component + " " + label + ": ";
  }

  /** The component is up: what it serves or connects to. Tests and scripts wait for "up". */
  void health(String what) {
    line("up; " + what);
  }

  void progress(String counts) {
    line("progress: " + counts);
  }

  void stopped(String how) {
    line("stopped " + how);
  }

  void line(String text) {
    synchronized (out) {
      out.println(prefix + text);
      out.flush();
    }
  }
}
