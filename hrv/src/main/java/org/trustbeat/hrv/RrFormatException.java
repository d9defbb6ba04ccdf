package org.trustbeat.hrv;

import java.io.IOException;

/** An RR recording that cannot be read; the message names the source, the line and the fix. */
public final class RrFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public RrFormatException(String message) {
    super(message);
  }
}
