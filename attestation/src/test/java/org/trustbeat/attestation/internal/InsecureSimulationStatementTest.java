package org.trustbeat.attestation.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.testing.SyntheticQuote;

class InsecureSimulationStatementTest {
  private static byte[] statement(boolean debug) {
    byte[] signed =
        InsecureSimulationStatement.signedPart(
            debug,
            SyntheticQuote.filled(32, 1),
            SyntheticQuote.filled(64, 2),
            SyntheticQuote.filled(32, 3));
    return Arrays.copyOf(signed, InsecureSimulationStatement.SIZE);
  }

  @Test
  void roundTripsItsFields() throws Exception {
    InsecureSimulationStatement s = InsecureSimulationStatement.parse(statement(true));
    assertTrue(s.debug());
    assertArrayEquals(SyntheticQuote.filled(32, 1), s.measurement());
    assertArrayEquals(SyntheticQuote.filled(64, 2), s.reportData());
    assertArrayEquals(SyntheticQuote.filled(32, 3), s.signerKeyHash());
    assertEquals(64, s.signature().length);
  }

  @Test
  void missingMarker_unknownVersionOrFlags_andWrongLength_areRejected() {
    byte[] noMarker = statement(false);
    noMarker[0] = 'X';
    byte[] version = statement(false);
    version[InsecureSimulationStatement.MARKER.length] = 2;
    byte[] flags = statement(false);
    flags[InsecureSimulationStatement.MARKER.length + 1] = 4;
    for (byte[] bad :
        new byte[][] {
          noMarker, version, flags, Arrays.copyOf(statement(false), 100), new byte[3]
        }) {
      assertThrows(GeneralSecurityException.class, () -> InsecureSimulationStatement.parse(bad));
    }
  }
}
