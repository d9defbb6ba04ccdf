package org.trustbeat.attestation.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * DCAP collateral in dcap-qvl's JSON layout, signed under a {@link TestPki}: TCB info v3 and QE
 * identity v2 signed by its TCB Signing key, a PCK CRL by its CA and a root CA CRL by its root.
 * Every field is public so a test can change exactly one thing. The defaults fit {@link
 * SyntheticQuote}'s QE report and {@link TestPckExtension}'s platform, valid around {@link #AT}.
 */
public final class SyntheticCollateral {
  public static final Instant AT = Instant.parse("2025-01-15T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  /** One TCB info level. */
  public static final class TcbLevel {
    public int[] components;
    public int pceSvn;
    public String status;
    public List<String> advisories;

    TcbLevel(int[] components, int pceSvn, String status, List<String> advisories) {
      this.components = components;
      this.pceSvn = pceSvn;
      this.status = status;
      this.advisories = advisories;
    }
  }

  /** One QE identity level. */
  public static final class QeLevel {
    public int isvSvn;
    public String status;
    public List<String> advisories;

    QeLevel(int isvSvn, String status, List<String> advisories) {
      this.isvSvn = isvSvn;
      this.status = status;
      this.advisories = advisories;
    }
  }

  public static TcbLevel level(int[] components, int pceSvn, String status, String... advisories) {
    return new TcbLevel(components, pceSvn, status, List.of(advisories));
  }

  public static QeLevel qeLevel(int isvSvn, String status, String... advisories) {
    return new QeLevel(isvSvn, status, List.of(advisories));
  }

  private final TestPki pki;
  public Instant issueDate = AT.minus(Duration.ofDays(1));
  public Instant nextUpdate = AT.plus(Duration.ofDays(29));

  public String tcbInfoId = "SGX";
  public int tcbInfoVersion = 3;
  public String fmspc = TestPckExtension.DEFAULT_FMSPC;
  public String pceId = "0000";
  public List<TcbLevel> tcbLevels =
      new ArrayList<>(
          List.of(
              level(new int[] {5, 5, 2, 2, 3, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0}, 12, "UpToDate"),
              level(
                  new int[] {4, 4, 2, 2, 3, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0},
                  11,
                  "SWHardeningNeeded",
                  "INTEL-SA-00615"),
              level(
                  new int[] {4, 4, 2, 2, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                  11,
                  "ConfigurationAndSWHardeningNeeded",
                  "INTEL-SA-00289",
                  "INTEL-SA-00615"),
              level(
                  new int[] {2, 2, 2, 2, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                  7,
                  "OutOfDate",
                  "INTEL-SA-00334",
                  "INTEL-SA-00615")));

  public String qeMrsigner = HEX.formatHex(SyntheticQuote.filled(32, 0x66));
  public int qeIsvProdId = 1;
  public String miscselect = "00000000";
  public String miscselectMask = "FFFFFFFF";
  public String attributes = "05000000000000000000000000000000";
  public String attributesMask = "FBFFFFFFFFFFFFFF0000000000000000";
  public List<QeLevel> qeLevels =
      new ArrayList<>(
          List.of(
              qeLevel(8, "UpToDate"),
              qeLevel(6, "OutOfDate", "INTEL-SA-00477"),
              qeLevel(3, "Revoked", "INTEL-SA-00202")));

  public Map<BigInteger, Instant> pckCrlRevoked = new HashMap<>();
  public Map<BigInteger, Instant> rootCrlRevoked = new HashMap<>();
  public Instant crlThisUpdate = issueDate;
  public Instant crlNextUpdate = nextUpdate;
  public String pckCrlIssuerCn;
  public PrivateKey pckCrlSigner;
  public PrivateKey tcbSigner;
  public String tcbSigningChainPem;

  public SyntheticCollateral(TestPki pki) throws GeneralSecurityException {
    this.pki = pki;
    this.pckCrlIssuerCn = TestPki.CA_CN;
    this.pckCrlSigner = pki.caKey.getPrivate();
    this.tcbSigner = pki.tcbSigningKey.getPrivate();
    this.tcbSigningChainPem = pki.tcbSigningChainPem();
  }

  public String tcbInfoText() throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", tcbInfoId)
        .put("version", tcbInfoVersion)
        .put("issueDate", issueDate.toString())
        .put("nextUpdate", nextUpdate.toString())
        .put("fmspc", fmspc)
        .put("pceId", pceId)
        .put("tcbType", 0)
        .put("tcbEvaluationDataNumber", 17);
    ArrayNode levels = n.putArray("tcbLevels");
    for (TcbLevel l : tcbLevels) {
      ObjectNode level = levels.addObject();
      ObjectNode tcb = level.putObject("tcb");
      ArrayNode comps = tcb.putArray("sgxtcbcomponents");
      for (int c : l.components) {
        comps.addObject().put("svn", c);
      }
      tcb.put("pcesvn", l.pceSvn);
      level.put("tcbDate", "2024-03-13T00:00:00Z").put("tcbStatus", l.status);
      if (!l.advisories.isEmpty()) {
        ArrayNode a = level.putArray("advisoryIDs");
        l.advisories.forEach(a::add);
      }
    }
    return JSON.writeValueAsString(n);
  }

  public String qeIdentityText() throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", "QE")
        .put("version", 2)
        .put("issueDate", issueDate.toString())
        .put("nextUpdate", nextUpdate.toString())
        .put("tcbEvaluationDataNumber", 17)
        .put("miscselect", miscselect)
        .put("miscselectMask", miscselectMask)
        .put("attributes", attributes)
        .put("attributesMask", attributesMask)
        .put("mrsigner", qeMrsigner)
        .put("isvprodid", qeIsvProdId);
    ArrayNode levels = n.putArray("tcbLevels");
    for (QeLevel l : qeLevels) {
      ObjectNode level = levels.addObject();
      level.putObject("tcb").put("isvsvn", l.isvSvn);
      level.put("tcbDate", "2024-03-13T00:00:00Z").put("tcbStatus", l.status);
      if (!l.advisories.isEmpty()) {
        ArrayNode a = level.putArray("advisoryIDs");
        l.advisories.forEach(a::add);
      }
    }
    return JSON.writeValueAsString(n);
  }

  /** The whole bundle as an editable tree. */
  public ObjectNode toTree() throws Exception {
    String tcbInfo = tcbInfoText();
    String qeIdentity = qeIdentityText();
    ObjectNode n = JSON.createObjectNode();
    n.put("pck_crl_issuer_chain", TestPki.pem(List.of(pki.ca, pki.root)));
    n.put(
        "root_ca_crl",
        HEX.formatHex(
            TestPki.crl(
                pki.rootCn,
                pki.rootKey.getPrivate(),
                crlThisUpdate,
                crlNextUpdate,
                rootCrlRevoked)));
    n.put(
        "pck_crl",
        HEX.formatHex(
            TestPki.crl(
                pckCrlIssuerCn, pckCrlSigner, crlThisUpdate, crlNextUpdate, pckCrlRevoked)));
    n.put("tcb_info_issuer_chain", tcbSigningChainPem);
    n.put("tcb_info", tcbInfo);
    n.put("tcb_info_signature", HEX.formatHex(sign(tcbSigner, tcbInfo)));
    n.put("qe_identity_issuer_chain", tcbSigningChainPem);
    n.put("qe_identity", qeIdentity);
    n.put("qe_identity_signature", HEX.formatHex(sign(tcbSigner, qeIdentity)));
    return n;
  }

  public byte[] json() throws Exception {
    return JSON.writeValueAsBytes(toTree());
  }

  public static byte[] json(ObjectNode tree) throws Exception {
    return JSON.writeValueAsBytes(tree);
  }

  public static ObjectNode tree(byte[] json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  /** Raw r||s over the UTF-8 bytes of {@code text}, as Intel signs collateral. */
  public static byte[] sign(PrivateKey key, String text) throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(key);
    s.update(text.getBytes(StandardCharsets.UTF_8));
    return s.sign();
  }
}
