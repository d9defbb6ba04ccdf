package org.trustbeat.attestation.internal;

import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.trustbeat.attestation.QuoteFailure;
import org.trustbeat.attestation.QuoteVerificationException;
import org.trustbeat.attestation.internal.DerReader.DerException;
import org.trustbeat.attestation.internal.DerReader.Element;

/**
 * The Intel SGX extension of a PCK leaf certificate (OID 1.2.840.113741.1.13.1, Intel "SGX PCK
 * Certificate and CRL Profile"): which platform (FMSPC), which provisioning enclave (PCE ID) and
 * which TCB level (16 CPUSVN components, PCESVN) Intel certified the PCK key for. Immutable.
 *
 * <pre>
 * SEQUENCE OF SEQUENCE { OID, value }:
 *   .1 PPID           OCTET STRING (16)
 *   .2 TCB            SEQUENCE OF SEQUENCE { OID .2.1 .. .2.16 INTEGER (CPUSVN components),
 *                                            .2.17 INTEGER (PCESVN), .2.18 OCTET STRING (CPUSVN, 16) }
 *   .3 PCE-ID         OCTET STRING (2)
 *   .4 FMSPC          OCTET STRING (6)
 *   .5 SGX Type       ENUMERATED
 *   .6, .7            Platform Instance ID, Configuration (Platform CA certificates only; ignored)
 * </pre>
 */
public final class SgxPckExtensions {
  public static final String SGX_EXTENSIONS_OID = "1.2.840.113741.1.13.1";
  public static final int COMPONENTS = 16;

  private static final String PPID = SGX_EXTENSIONS_OID + ".1";
  private static final String TCB = SGX_EXTENSIONS_OID + ".2";
  private static final String PCESVN = TCB + ".17";
  private static final String CPUSVN = TCB + ".18";
  private static final String PCE_ID = SGX_EXTENSIONS_OID + ".3";
  private static final String FMSPC = SGX_EXTENSIONS_OID + ".4";
  private static final String SGX_TYPE = SGX_EXTENSIONS_OID + ".5";

  private final byte[] fmspc;
  private final byte[] pceId;
  private final int[] components;
  private final int pceSvn;
  private final byte[] cpuSvn;
  private final int sgxType;

  private SgxPckExtensions(
      byte[] fmspc, byte[] pceId, int[] components, int pceSvn, byte[] cpuSvn, int sgxType) {
    this.fmspc = fmspc;
    this.pceId = pceId;
    this.components = components;
    this.pceSvn = pceSvn;
    this.cpuSvn = cpuSvn;
    this.sgxType = sgxType;
  }

  /**
   * @throws QuoteVerificationException {@link QuoteFailure#PCK_SGX_EXTENSIONS_MISSING} if the
   *     certificate has no SGX extension, {@link QuoteFailure#PCK_SGX_EXTENSIONS_MALFORMED} if it
   *     lacks a required field, repeats one, or is not valid DER
   */
  public static SgxPckExtensions of(X509Certificate pckLeaf) throws QuoteVerificationException {
    byte[] wrapped = pckLeaf.getExtensionValue(SGX_EXTENSIONS_OID);
    if (wrapped == null) {
      throw new QuoteVerificationException(
          QuoteFailure.PCK_SGX_EXTENSIONS_MISSING,
          "the PCK certificate '"
              + pckLeaf.getSubjectX500Principal().getName()
              + "' has no Intel"
              + " SGX extension ("
              + SGX_EXTENSIONS_OID
              + "), so it certifies no platform or TCB"
              + " level; it is not a PCK certificate issued by Intel");
    }
    try {
      DerReader outer = new DerReader(wrapped);
      Element value = outer.next(DerReader.OCTET_STRING, "extnValue");
      outer.requireEnd("extnValue");
      return parse(value.content());
    } catch (DerException e) {
      throw new QuoteVerificationException(
          QuoteFailure.PCK_SGX_EXTENSIONS_MALFORMED,
          "the PCK certificate's SGX extension is malformed ("
              + e.getMessage()
              + "); the"
              + " certification data was altered or is not from Intel PCS");
    }
  }

  private static SgxPckExtensions parse(byte[] der) throws DerException {
    DerReader top = new DerReader(der);
    DerReader entries = top.next(DerReader.SEQUENCE, "SGX extensions").children();
    top.requireEnd("SGX extensions");
    Map<String, Element> byOid = new HashMap<>();
    while (entries.hasMore()) {
      DerReader entry = entries.next(DerReader.SEQUENCE, "SGX extension entry").children();
      String oid = DerReader.oid(entry.next("entry OID"), "entry OID");
      Element v = entry.next(oid);
      entry.requireEnd(oid);
      if (byOid.put(oid, v) != null) {
        throw new DerException(oid + " appears twice");
      }
    }
    byte[] fmspc = DerReader.octets(required(byOid, FMSPC, "FMSPC"), 6, "FMSPC");
    byte[] pceId = DerReader.octets(required(byOid, PCE_ID, "PCE-ID"), 2, "PCE-ID");
    required(byOid, PPID, "PPID");
    int sgxType =
        DerReader.smallUnsigned(
            required(byOid, SGX_TYPE, "SGX Type"), DerReader.ENUMERATED, 255, "SGX Type");

    Element tcb = required(byOid, TCB, "TCB");
    if (tcb.tag != DerReader.SEQUENCE) {
      throw new DerException("TCB: not a sequence");
    }
    Map<String, Element> tcbByOid = new HashMap<>();
    DerReader tcbEntries = tcb.children();
    while (tcbEntries.hasMore()) {
      DerReader entry = tcbEntries.next(DerReader.SEQUENCE, "TCB entry").children();
      String oid = DerReader.oid(entry.next("TCB entry OID"), "TCB entry OID");
      Element v = entry.next(oid);
      entry.requireEnd(oid);
      if (isTcbEntry(oid) && tcbByOid.put(oid, v) != null) {
        throw new DerException(oid + " appears twice");
      }
    }
    int[] components = new int[COMPONENTS];
    for (int i = 0; i < COMPONENTS; i++) {
      String name = "CPUSVN component " + (i + 1);
      components[i] =
          DerReader.smallUnsigned(
              required(tcbByOid, TCB + "." + (i + 1), name), DerReader.INTEGER, 255, name);
    }
    int pceSvn =
        DerReader.smallUnsigned(
            required(tcbByOid, PCESVN, "PCESVN"), DerReader.INTEGER, 0xffff, "PCESVN");
    byte[] cpuSvn = DerReader.octets(required(tcbByOid, CPUSVN, "CPUSVN"), 16, "CPUSVN");
    return new SgxPckExtensions(fmspc, pceId, components, pceSvn, cpuSvn, sgxType);
  }

  private static boolean isTcbEntry(String oid) {
    return oid.startsWith(TCB + ".");
  }

  private static Element required(Map<String, Element> byOid, String oid, String name)
      throws DerException {
    Element e = byOid.get(oid);
    if (e == null) {
      throw new DerException(name + " (" + oid + ") is missing");
    }
    return e;
  }

  /** Family-Model-Stepping-Platform-CustomSKU: selects the TCB info that applies. 6 bytes. */
  public byte[] fmspc() {
    return fmspc.clone();
  }

  public String fmspcHex() {
    return HexFormat.of().withUpperCase().formatHex(fmspc);
  }

  /** 2 bytes. */
  public byte[] pceId() {
    return pceId.clone();
  }

  public String pceIdHex() {
    return HexFormat.of().withUpperCase().formatHex(pceId);
  }

  /** The 16 SGX TCB components, each 0..255, in the order of TCB info's sgxtcbcomponents. */
  public int[] components() {
    return components.clone();
  }

  public int pceSvn() {
    return pceSvn;
  }

  public byte[] cpuSvn() {
    return cpuSvn.clone();
  }

  /** 0 Standard, 1 Scalable, 2 Scalable with integrity. */
  public int sgxType() {
    return sgxType;
  }

  @Override
  public String toString() {
    return "SgxPckExtensions{fmspc="
        + fmspcHex()
        + ", pceId="
        + pceIdHex()
        + ", components="
        + java.util.Arrays.toString(components)
        + ", pceSvn="
        + pceSvn
        + ", sgxType="
        + sgxType
        + "}";
  }
}
