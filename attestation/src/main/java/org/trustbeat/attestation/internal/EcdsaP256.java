package org.trustbeat.attestation.internal;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;
import java.util.Optional;

/** The raw P-256 encodings SGX uses: x||y public keys and r||s signatures, 32 bytes each half. */
public final class EcdsaP256 {
  private EcdsaP256() {}

  /**
   * Builds a public key from raw x||y, or empty if the coordinates are not a point on the curve.
   * The check is explicit because an invalid-curve point must never reach signature verification.
   */
  public static Optional<PublicKey> publicKeyFromRaw(byte[] xy) throws GeneralSecurityException {
    if (xy.length != 64) {
      return Optional.empty();
    }
    ECParameterSpec params = curve();
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(xy, 0, 32));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(xy, 32, 64));
    if (!isOnCurve(params.getCurve(), x, y)) {
      return Optional.empty();
    }
    return Optional.of(
        KeyFactory.getInstance("EC")
            .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params)));
  }

  /** Verifies a raw r||s ECDSA-SHA256 signature; false for any malformed signature. */
  public static boolean verify(PublicKey key, byte[] message, byte[] rawSignature)
      throws GeneralSecurityException {
    if (rawSignature.length != 64) {
      return false;
    }
    Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(key);
    verifier.update(message);
    try {
      return verifier.verify(rawSignature);
    } catch (java.security.SignatureException e) {
      return false;
    }
  }

  public static ECParameterSpec curve() throws GeneralSecurityException {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    return parameters.getParameterSpec(ECParameterSpec.class);
  }

  private static boolean isOnCurve(EllipticCurve curve, BigInteger x, BigInteger y) {
    BigInteger p = ((ECFieldFp) curve.getField()).getP();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
    return left.equals(right);
  }
}
