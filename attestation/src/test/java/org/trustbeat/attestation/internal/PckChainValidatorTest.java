package org.trustbeat.attestation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.QuoteFailure;
import org.trustbeat.attestation.QuoteVerificationException;
import org.trustbeat.attestation.testing.TestPki;

class PckChainValidatorTest {
  private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

  private static QuoteFailure failure(
      PckChainValidator v, List<X509Certificate> chain, Instant at) {
    return assertThrows(QuoteVerificationException.class, () -> v.validate(chain, at)).failure();
  }

  @Test
  void validChain_returnsTheLeaf() throws Exception {
    TestPki pki = TestPki.create();
    assertEquals(pki.leaf, new PckChainValidator(pki.root, List.of()).validate(pki.chain(), AT));
  }

  @Test
  void chainWithoutItsRoot_isRejected() throws Exception {
    TestPki pki = TestPki.create();
    assertEquals(
        QuoteFailure.PCK_CHAIN_INVALID,
        failure(new PckChainValidator(pki.root, List.of()), List.of(pki.leaf, pki.ca), AT));
  }

  @Test
  void rootOtherThanThePinnedOne_isUntrusted() throws Exception {
    TestPki pinned = TestPki.create();
    TestPki other = TestPki.create();
    assertEquals(
        QuoteFailure.UNTRUSTED_ROOT,
        failure(new PckChainValidator(pinned.root, List.of()), other.chain(), AT));
  }

  @Test
  void pinnedRootWithAForeignIntermediate_isRejected() throws Exception {
    // Self-consistent below the root, but the CA was not issued by the pinned root's key.
    TestPki pinned = TestPki.create();
    TestPki other = TestPki.create();
    assertEquals(
        QuoteFailure.PCK_CHAIN_INVALID,
        failure(
            new PckChainValidator(pinned.root, List.of()),
            List.of(other.leaf, other.ca, pinned.root),
            AT));
  }

  @Test
  void expiredChain_isRejected() throws Exception {
    TestPki pki = TestPki.create();
    assertEquals(
        QuoteFailure.CERTIFICATE_EXPIRED,
        failure(
            new PckChainValidator(pki.root, List.of()),
            pki.chain(),
            Instant.parse("2041-01-01T00:00:00Z")));
  }

  @Test
  void revokedIntermediate_isRejectedByTheRootCrl() throws Exception {
    TestPki pki = TestPki.create();
    X509CRL crl =
        CrlParser.parse(
            TestPki.crl(
                "Test SGX Root CA",
                pki.rootKey.getPrivate(),
                AT.minusSeconds(60),
                AT.plusSeconds(60),
                Map.of(pki.ca.getSerialNumber(), AT.minusSeconds(60))));
    assertEquals(
        QuoteFailure.CERTIFICATE_REVOKED,
        failure(new PckChainValidator(pki.root, List.of(crl)), pki.chain(), AT));
  }

  @Test
  void staleCrl_isRejected_andItsRevocationsStillApply() throws Exception {
    TestPki pki = TestPki.create();
    Instant old = AT.minusSeconds(86400 * 30);
    X509CRL clean =
        CrlParser.parse(
            TestPki.crl(
                "Test SGX PCK Processor CA",
                pki.caKey.getPrivate(),
                old,
                old.plusSeconds(86400),
                Map.of()));
    X509CRL revoking =
        CrlParser.parse(
            TestPki.crl(
                "Test SGX PCK Processor CA",
                pki.caKey.getPrivate(),
                old,
                old.plusSeconds(86400),
                Map.of(pki.leaf.getSerialNumber(), old)));
    assertEquals(
        QuoteFailure.CRL_EXPIRED,
        failure(new PckChainValidator(pki.root, List.of(clean)), pki.chain(), AT));
    assertEquals(
        QuoteFailure.CERTIFICATE_REVOKED,
        failure(new PckChainValidator(pki.root, List.of(revoking)), pki.chain(), AT));
  }
}
