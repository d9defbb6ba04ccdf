package org.trustbeat.attestation.testing;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Intel SGX extension of a test PCK leaf (OID 1.2.840.113741.1.13.1), built field by field so
 * tests can leave parts out or repeat them. Defaults: FMSPC {@link #DEFAULT_FMSPC}, PCE ID 0000,
 * components {@link #DEFAULT_COMPONENTS}, PCESVN 11 — the platform {@link SyntheticCollateral}'s
 * default TCB info rates SWHardeningNeeded.
 */
public final class TestPckExtension {
  public static final String SGX = "1.2.840.113741.1.13.1";
  public static final String DEFAULT_FMSPC = "00906ED50000";
  public static final int[] DEFAULT_COMPONENTS = {4, 4, 2, 2, 3, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0};

  public byte[] fmspc = HexFormat.of().parseHex(DEFAULT_FMSPC);
  public byte[] pceId = new byte[2];
  public int[] components = DEFAULT_COMPONENTS.clone();
  public int pceSvn = 11;
  public boolean includeFmspc = true;
  public boolean includePcesvn = true;

  /** Repeats the FMSPC entry, which a strict parser must refuse. */
  public boolean duplicateFmspc;

  /** The encoded X.509 Extension (non-critical, as Intel's). */
  public byte[] extension() {
    List<byte[]> tcb = new ArrayList<>();
    byte[] cpuSvn = new byte[16];
    for (int i = 0; i < 16; i++) {
      tcb.add(Der.seq(Der.oid(SGX + ".2." + (i + 1)), Der.integer(components[i])));
      cpuSvn[i] = (byte) components[i];
    }
    if (includePcesvn) {
      tcb.add(Der.seq(Der.oid(SGX + ".2.17"), Der.integer(pceSvn)));
    }
    tcb.add(Der.seq(Der.oid(SGX + ".2.18"), Der.octets(cpuSvn)));

    List<byte[]> entries = new ArrayList<>();
    entries.add(Der.seq(Der.oid(SGX + ".1"), Der.octets(SyntheticQuote.filled(16, 0x77))));
    entries.add(Der.seq(Der.oid(SGX + ".2"), Der.seq(tcb.toArray(new byte[0][]))));
    entries.add(Der.seq(Der.oid(SGX + ".3"), Der.octets(pceId)));
    if (includeFmspc) {
      entries.add(Der.seq(Der.oid(SGX + ".4"), Der.octets(fmspc)));
    }
    if (duplicateFmspc) {
      entries.add(Der.seq(Der.oid(SGX + ".4"), Der.octets(fmspc)));
    }
    entries.add(Der.seq(Der.oid(SGX + ".5"), Der.tlv(0x0a, new byte[] {0})));
    return Der.seq(Der.oid(SGX), Der.octets(Der.seq(entries.toArray(new byte[0][]))));
  }
}
