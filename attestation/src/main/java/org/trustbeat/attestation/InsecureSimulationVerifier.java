package org.trustbeat.attestation;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.trustbeat.attestation.internal.EcdsaP256;
import org.trustbeat.attestation.internal.InsecureSimulationStatement;
import org.trustbeat.attestation.internal.PckChainValidator;

/**
 * Verifies statements of an {@link InsecureSimulationAttester}.
 *
 * <h2>Security guarantees</h2>
 *
 * <p>None about isolation: a returned identity only says the statement was signed with the
 * simulation key whose public half this verifier holds. Its {@link EnclaveIdentity#kind()} is
 * always {@link EvidenceKind#SIMULATION}; its MRSIGNER is the SHA-256 of that public key, its
 * MRENCLAVE the claimed measurement, its ISV product id and SVN 0 and its quote version 0.
 */
public final class InsecureSimulationVerifier implements EvidenceVerifier {
  private final PublicKey publicKey;
  private final byte[] publicKeyHash;

  private InsecureSimulationVerifier(PublicKey publicKey, byte[] publicKeyHash) {
    this.publicKey = publicKey;
    this.publicKeyHash = publicKeyHash;
  }

  /**
   * @param x509PublicKey from {@link InsecureSimulationAttester#insecureSimulationPublicKey()}
   */
  public static InsecureSimulationVerifier create(byte[] x509PublicKey)
      throws GeneralSecurityException {
    PublicKey key =
        KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(x509PublicKey));
    if (!(key instanceof ECPublicKey)
        || ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize() != 256) {
      throw new GeneralSecurityException("the simulation public key must be ECDSA P-256");
    }
    return new InsecureSimulationVerifier(key, PckChainValidator.sha256(key.getEncoded()));
  }

  @Override
  public EnclaveIdentity verify(Evidence evidence) throws GeneralSecurityException {
    if (evidence.kind() != EvidenceKind.SIMULATION) {
      throw new GeneralSecurityException(
          "evidence of kind "
              + evidence.kind()
              + " was given to the"
              + " simulation verifier; use the verifier matching the evidence kind");
    }
    InsecureSimulationStatement statement = InsecureSimulationStatement.parse(evidence.bytes());
    if (!MessageDigest.isEqual(statement.signerKeyHash(), publicKeyHash)) {
      throw new GeneralSecurityException(
          "the simulation statement was signed by another"
              + " installation's simulation key; configure the verifier with that installation's public key");
    }
    if (!EcdsaP256.verify(publicKey, statement.signedPart(), statement.signature())) {
      throw new GeneralSecurityException(
          "the simulation statement's signature is invalid; it was altered");
    }
    return new EnclaveIdentity(
        EvidenceKind.SIMULATION,
        0,
        statement.measurement(),
        publicKeyHash,
        0,
        0,
        statement.debug(),
        statement.reportData(),
        null);
  }

  @Override
  public String toString() {
    return "InsecureSimulationVerifier{NOT HARDWARE PROTECTED}";
  }
}
