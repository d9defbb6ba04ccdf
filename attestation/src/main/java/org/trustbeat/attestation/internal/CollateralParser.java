package org.trustbeat.attestation.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.trustbeat.attestation.QuoteFailure;
import org.trustbeat.attestation.QuoteVerificationException;
import org.trustbeat.attestation.TcbStatus;

/**
 * Parses a DCAP collateral bundle in the JSON layout of Phala Network's {@code dcap-qvl} ({@code
 * QuoteCollateralV3}): issuer chains as PEM text, CRLs as hex DER, {@code tcb_info} and {@code
 * qe_identity} as the signed JSON text, signatures as hex r||s. Structure only: nothing is verified
 * here.
 *
 * <p>Hostile input ends in {@link QuoteVerificationException} ({@link
 * QuoteFailure#COLLATERAL_MALFORMED} or {@link QuoteFailure#COLLATERAL_UNSUPPORTED}), never in an
 * unchecked exception. Duplicate keys are refused, because a signed JSON text with two values for
 * one key could be read differently by Intel's library and by this one.
 */
public final class CollateralParser {
  /** Real bundles are 10–50 kB; the bound stops hostile sizes from steering allocation. */
  public static final int MAX_BYTES = 1 << 20;

  private static final int MAX_LEVELS = 256;
  private static final int MAX_ADVISORIES = 256;
  private static final Pattern ADVISORY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final ObjectMapper JSON =
      new ObjectMapper(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(16)
                          .maxNumberLength(20)
                          .maxStringLength(MAX_BYTES)
                          .maxDocumentLength(MAX_BYTES)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private CollateralParser() {}

  public static CollateralParts parse(byte[] json) throws QuoteVerificationException {
    if (json.length == 0 || json.length > MAX_BYTES) {
      throw malformed(
          "the collateral file has "
              + json.length
              + " bytes; a DCAP collateral"
              + " bundle is a JSON object of 10-50 kB");
    }
    JsonNode root = readObject(json, "the collateral file");

    byte[] tcbInfoText = utf8(requiredText(root, "tcb_info"));
    TcbInfo tcbInfo = parseTcbInfo(readObject(tcbInfoText, "tcb_info"));
    byte[] tcbInfoSignature = hex(root, "tcb_info_signature", 64);
    List<X509Certificate> tcbChain = chain(root, "tcb_info_issuer_chain");

    byte[] qeIdentityText = utf8(requiredText(root, "qe_identity"));
    QeIdentity qeIdentity = parseQeIdentity(readObject(qeIdentityText, "qe_identity"));
    byte[] qeIdentitySignature = hex(root, "qe_identity_signature", 64);
    List<X509Certificate> qeChain = chain(root, "qe_identity_issuer_chain");

    X509CRL pckCrl = crl(root, "pck_crl");
    X509CRL rootCaCrl = crl(root, "root_ca_crl");
    return new CollateralParts(
        tcbInfoText,
        tcbInfo,
        tcbInfoSignature,
        tcbChain,
        qeIdentityText,
        qeIdentity,
        qeIdentitySignature,
        qeChain,
        pckCrl,
        rootCaCrl);
  }

  static TcbInfo parseTcbInfo(JsonNode n) throws QuoteVerificationException {
    String id = requiredText(n, "tcb_info.id");
    int version = integer(n, "tcb_info.version", 0, Integer.MAX_VALUE);
    if (!id.equals("SGX") || version != 3) {
      throw unsupported(
          "tcb_info is '"
              + id
              + "' version "
              + version
              + " but only SGX TCB info"
              + " version 3 is supported; fetch it from the PCS API v4 /sgx/certification/v4/tcb");
    }
    int tcbType = integer(n, "tcb_info.tcbType", 0, Integer.MAX_VALUE);
    if (tcbType != 0) {
      throw unsupported(
          "tcb_info has tcbType "
              + tcbType
              + " but only type 0 (components are the"
              + " CPUSVN bytes) is defined");
    }
    Instant issueDate = instant(n, "tcb_info.issueDate");
    Instant nextUpdate = instant(n, "tcb_info.nextUpdate");
    byte[] fmspc = hex(n, "tcb_info.fmspc", 6);
    byte[] pceId = hex(n, "tcb_info.pceId", 2);
    int evaluationNumber = integer(n, "tcb_info.tcbEvaluationDataNumber", 0, Integer.MAX_VALUE);

    JsonNode levelsNode = array(n, "tcb_info.tcbLevels", 1, MAX_LEVELS);
    List<TcbInfo.Level> levels = new ArrayList<>();
    for (int i = 0; i < levelsNode.size(); i++) {
      String at = "tcb_info.tcbLevels[" + i + "]";
      JsonNode level = object(levelsNode.get(i), at);
      JsonNode tcb = object(level.get("tcb"), at + ".tcb");
      JsonNode comps =
          array(
              tcb,
              at + ".tcb.sgxtcbcomponents",
              SgxPckExtensions.COMPONENTS,
              SgxPckExtensions.COMPONENTS);
      int[] components = new int[SgxPckExtensions.COMPONENTS];
      for (int c = 0; c < components.length; c++) {
        String cat = at + ".tcb.sgxtcbcomponents[" + c + "]";
        components[c] = integer(object(comps.get(c), cat), cat + ".svn", 0, 255);
      }
      int pceSvn = integer(tcb, at + ".tcb.pcesvn", 0, 0xffff);
      levels.add(
          new TcbInfo.Level(
              components,
              pceSvn,
              instant(level, at + ".tcbDate"),
              status(level, at + ".tcbStatus", false),
              advisories(level, at + ".advisoryIDs")));
    }
    // Intel's library matches levels from the highest down (components, then PCESVN, compared in
    // order); sort as it does, whatever the order of the text. The sort is stable.
    levels.sort((a, b) -> compareLevels(b, a));
    return new TcbInfo(issueDate, nextUpdate, fmspc, pceId, evaluationNumber, levels);
  }

  private static int compareLevels(TcbInfo.Level a, TcbInfo.Level b) {
    for (int i = 0; i < SgxPckExtensions.COMPONENTS; i++) {
      int c = Integer.compare(a.component(i), b.component(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.pceSvn(), b.pceSvn());
  }

  static QeIdentity parseQeIdentity(JsonNode n) throws QuoteVerificationException {
    String id = requiredText(n, "qe_identity.id");
    int version = integer(n, "qe_identity.version", 0, Integer.MAX_VALUE);
    if (!id.equals("QE") || version != 2) {
      throw unsupported(
          "qe_identity is '"
              + id
              + "' version "
              + version
              + " but only the SGX QE"
              + " identity version 2 is supported; fetch it from /sgx/certification/v4/qe/identity");
    }
    Instant issueDate = instant(n, "qe_identity.issueDate");
    Instant nextUpdate = instant(n, "qe_identity.nextUpdate");
    int evaluationNumber = integer(n, "qe_identity.tcbEvaluationDataNumber", 0, Integer.MAX_VALUE);
    byte[] miscSelect = hex(n, "qe_identity.miscselect", 4);
    byte[] miscSelectMask = hex(n, "qe_identity.miscselectMask", 4);
    byte[] attributes = hex(n, "qe_identity.attributes", 16);
    byte[] attributesMask = hex(n, "qe_identity.attributesMask", 16);
    byte[] mrsigner = hex(n, "qe_identity.mrsigner", 32);
    int isvProdId = integer(n, "qe_identity.isvprodid", 0, 0xffff);

    JsonNode levelsNode = array(n, "qe_identity.tcbLevels", 1, MAX_LEVELS);
    List<QeIdentity.Level> levels = new ArrayList<>();
    for (int i = 0; i < levelsNode.size(); i++) {
      String at = "qe_identity.tcbLevels[" + i + "]";
      JsonNode level = object(levelsNode.get(i), at);
      int isvSvn = integer(object(level.get("tcb"), at + ".tcb"), at + ".tcb.isvsvn", 0, 0xffff);
      levels.add(
          new QeIdentity.Level(
              isvSvn,
              instant(level, at + ".tcbDate"),
              status(level, at + ".tcbStatus", true),
              advisories(level, at + ".advisoryIDs")));
    }
    levels.sort(Comparator.comparingInt(QeIdentity.Level::isvSvn).reversed());
    return new QeIdentity(
        issueDate,
        nextUpdate,
        evaluationNumber,
        miscSelect,
        miscSelectMask,
        attributes,
        attributesMask,
        mrsigner,
        isvProdId,
        levels);
  }

  private static JsonNode readObject(byte[] json, String what) throws QuoteVerificationException {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException | RuntimeException e) {
      throw malformed(what + " is not valid JSON (" + firstLine(e.getMessage()) + ")");
    }
    if (node == null || !node.isObject()) {
      throw malformed(what + " is not a JSON object");
    }
    return node;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  /** The last dotted part of {@code path} is the key inside {@code parent}. */
  private static JsonNode field(JsonNode parent, String path) throws QuoteVerificationException {
    String key = path.substring(path.lastIndexOf('.') + 1);
    JsonNode value = parent.get(key);
    if (value == null || value.isNull()) {
      throw malformed(path + " is missing");
    }
    return value;
  }

  private static JsonNode object(JsonNode node, String path) throws QuoteVerificationException {
    if (node == null || !node.isObject()) {
      throw malformed(path + " is not a JSON object");
    }
    return node;
  }

  private static JsonNode array(JsonNode parent, String path, int min, int max)
      throws QuoteVerificationException {
    JsonNode a = field(parent, path);
    if (!a.isArray() || a.size() < min || a.size() > max) {
      throw malformed(
          path + " must be an array of " + (min == max ? min : min + ".." + max) + " entries");
    }
    return a;
  }

  private static String requiredText(JsonNode parent, String path)
      throws QuoteVerificationException {
    JsonNode v = field(parent, path);
    if (!v.isTextual()) {
      throw malformed(path + " must be a string");
    }
    return v.textValue();
  }

  private static int integer(JsonNode parent, String path, int min, int max)
      throws QuoteVerificationException {
    JsonNode v = field(parent, path);
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
      throw malformed(path + " must be an integer in " + min + ".." + max);
    }
    return v.intValue();
  }

  private static Instant instant(JsonNode parent, String path) throws QuoteVerificationException {
    String text = requiredText(parent, path);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw malformed(path + " is not an ISO-8601 UTC time such as 2025-06-19T10:56:11Z");
    }
  }

  private static byte[] hex(JsonNode parent, String path, int bytes)
      throws QuoteVerificationException {
    String text = requiredText(parent, path);
    if (text.length() != 2 * bytes) {
      throw malformed(
          path
              + " must be "
              + 2 * bytes
              + " hex digits ("
              + bytes
              + " bytes), got "
              + text.length()
              + " characters");
    }
    try {
      return HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw malformed(path + " is not hexadecimal");
    }
  }

  private static TcbStatus status(JsonNode parent, String path, boolean qe)
      throws QuoteVerificationException {
    String text = requiredText(parent, path);
    for (TcbStatus s : TcbStatus.values()) {
      if (s.intelName().equals(text)) {
        if (qe
            && s != TcbStatus.UP_TO_DATE
            && s != TcbStatus.OUT_OF_DATE
            && s != TcbStatus.REVOKED) {
          break;
        }
        return s;
      }
    }
    throw unsupported(
        path
            + " is '"
            + printable(text)
            + "', not a TCB status this verifier knows"
            + (qe ? " for a QE (UpToDate, OutOfDate, Revoked)" : "")
            + "; update TrustBeat");
  }

  private static List<String> advisories(JsonNode parent, String path)
      throws QuoteVerificationException {
    JsonNode v = parent.get(path.substring(path.lastIndexOf('.') + 1));
    if (v == null) {
      return List.of();
    }
    if (!v.isArray() || v.size() > MAX_ADVISORIES) {
      throw malformed(path + " must be an array of at most " + MAX_ADVISORIES + " strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode id = v.get(i);
      if (!id.isTextual() || !ADVISORY_ID.matcher(id.textValue()).matches()) {
        throw malformed(path + "[" + i + "] is not an advisory id such as INTEL-SA-00615");
      }
      out.add(id.textValue());
    }
    return out;
  }

  private static List<X509Certificate> chain(JsonNode root, String key)
      throws QuoteVerificationException {
    String pem = requiredText(root, key);
    try {
      return PemCertificates.parse(pem.getBytes(StandardCharsets.US_ASCII));
    } catch (CertificateException | RuntimeException e) {
      throw malformed(key + " is not a PEM certificate chain (" + firstLine(e.getMessage()) + ")");
    }
  }

  private static X509CRL crl(JsonNode root, String key) throws QuoteVerificationException {
    String text = requiredText(root, key);
    byte[] der;
    try {
      der = HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw malformed(key + " is not hex-encoded DER");
    }
    try {
      return CrlParser.parse(der);
    } catch (CRLException e) {
      throw malformed(key + " is not an X.509 CRL (" + firstLine(e.getMessage()) + ")");
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static QuoteVerificationException malformed(String message) {
    return new QuoteVerificationException(
        QuoteFailure.COLLATERAL_MALFORMED,
        message + "; pass the collateral as dcap-qvl writes it (get_collateral), unmodified");
  }

  private static QuoteVerificationException unsupported(String message) {
    return new QuoteVerificationException(QuoteFailure.COLLATERAL_UNSUPPORTED, message);
  }
}
