package org.trustbeat.attestation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttestationPolicyTest {
  private static final String MRENCLAVE = "aa".repeat(32);
  private static final String MRSIGNER = "bb".repeat(32);

  private static byte[] bytes(int value, int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static EnclaveIdentity identity(EvidenceKind kind, boolean debug, int prodId, int svn) {
    return kind == EvidenceKind.SGX_DCAP
        ? sgx(debug, prodId, svn, TcbStatus.UP_TO_DATE, List.of())
        : new EnclaveIdentity(
            kind, 0, bytes(0xaa, 32), bytes(0xbb, 32), prodId, svn, debug, new byte[64], null);
  }

  private static EnclaveIdentity sgx(
      boolean debug, int prodId, int svn, TcbStatus status, List<String> advisories) {
    return new EnclaveIdentity(
        EvidenceKind.SGX_DCAP,
        3,
        bytes(0xaa, 32),
        bytes(0xbb, 32),
        prodId,
        svn,
        debug,
        new byte[64],
        null,
        status,
        advisories);
  }

  private static EnclaveIdentity release() {
    return identity(EvidenceKind.SGX_DCAP, false, 1, 5);
  }

  private static PolicyRule ruleBroken(AttestationPolicy policy, EnclaveIdentity id) {
    return assertThrows(PolicyViolationException.class, () -> policy.check(id)).rule();
  }

  @Test
  void matchingReleaseEnclave_passes() {
    AttestationPolicy policy =
        AttestationPolicy.builder()
            .allowMrenclave(MRENCLAVE)
            .allowMrsigner(MRSIGNER.toUpperCase())
            .requireIsvProdId(1)
            .minimumIsvSvn(5)
            .build();
    assertDoesNotThrow(() -> policy.check(release()));
  }

  @Test
  void unknownMrenclave_isRefusedWithTheFix() {
    AttestationPolicy policy = AttestationPolicy.builder().allowMrenclave("cc".repeat(32)).build();
    PolicyViolationException e =
        assertThrows(PolicyViolationException.class, () -> policy.check(release()));
    assertEquals(PolicyRule.MRENCLAVE_NOT_ALLOWED, e.rule());
    assertTrue(
        e.getMessage().contains(MRENCLAVE) && e.getMessage().contains("--allow-mrenclave"),
        e.getMessage());
  }

  @Test
  void unknownMrsigner_isRefused() {
    AttestationPolicy policy = AttestationPolicy.builder().allowMrsigner("cc".repeat(32)).build();
    assertEquals(PolicyRule.MRSIGNER_NOT_ALLOWED, ruleBroken(policy, release()));
  }

  @Test
  void bothSetsGiven_enclaveMustMatchBoth() {
    AttestationPolicy policy =
        AttestationPolicy.builder()
            .allowMrenclave(MRENCLAVE)
            .allowMrsigner("cc".repeat(32))
            .build();
    assertEquals(PolicyRule.MRSIGNER_NOT_ALLOWED, ruleBroken(policy, release()));
  }

  @Test
  void debugEnclave_isRefusedByDefault_andAcceptedWhenAllowed() {
    EnclaveIdentity debug = identity(EvidenceKind.SGX_DCAP, true, 1, 5);
    assertEquals(
        PolicyRule.DEBUG_REFUSED,
        ruleBroken(AttestationPolicy.builder().allowMrenclave(MRENCLAVE).build(), debug));
    assertDoesNotThrow(
        () ->
            AttestationPolicy.builder()
                .allowMrenclave(MRENCLAVE)
                .allowDebug(true)
                .build()
                .check(debug));
  }

  @Test
  void simulation_isRefusedByDefault_andAcceptedOnlyWhenExplicitlyAllowed() {
    EnclaveIdentity sim = identity(EvidenceKind.SIMULATION, false, 1, 5);
    PolicyViolationException e =
        assertThrows(
            PolicyViolationException.class,
            () -> AttestationPolicy.builder().allowMrenclave(MRENCLAVE).build().check(sim));
    assertEquals(PolicyRule.SIMULATION_REFUSED, e.rule());
    assertTrue(e.getMessage().contains("SIMULATION"), e.getMessage());
    assertDoesNotThrow(
        () ->
            AttestationPolicy.builder()
                .allowMrenclave(MRENCLAVE)
                .allowInsecureSimulation(true)
                .build()
                .check(sim));
  }

  @Test
  void otherProductId_isRefused() {
    AttestationPolicy policy =
        AttestationPolicy.builder().allowMrsigner(MRSIGNER).requireIsvProdId(2).build();
    assertEquals(PolicyRule.ISV_PROD_ID_NOT_ALLOWED, ruleBroken(policy, release()));
  }

  @Test
  void svnBelowMinimum_isRefused_andEqualSvnPasses() {
    assertEquals(
        PolicyRule.ISV_SVN_TOO_LOW,
        ruleBroken(
            AttestationPolicy.builder().allowMrsigner(MRSIGNER).minimumIsvSvn(6).build(),
            release()));
    assertDoesNotThrow(
        () ->
            AttestationPolicy.builder()
                .allowMrsigner(MRSIGNER)
                .minimumIsvSvn(5)
                .build()
                .check(release()));
  }

  @Test
  void policyWithoutMeasurements_cannotBeBuilt() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> AttestationPolicy.builder().build());
    assertTrue(e.getMessage().contains("--allow-mrenclave"), e.getMessage());
  }

  @Test
  void badValues_areRejectedWhereTheyAreSet() {
    assertThrows(
        IllegalArgumentException.class, () -> AttestationPolicy.builder().allowMrenclave("abc"));
    assertThrows(
        IllegalArgumentException.class,
        () -> AttestationPolicy.builder().allowMrsigner("zz".repeat(32)));
    assertThrows(
        IllegalArgumentException.class, () -> AttestationPolicy.builder().minimumIsvSvn(-1));
    assertThrows(
        IllegalArgumentException.class, () -> AttestationPolicy.builder().requireIsvProdId(65536));
  }

  @Test
  void defaults_areStrict() {
    AttestationPolicy policy = AttestationPolicy.builder().allowMrenclave(MRENCLAVE).build();
    assertEquals(false, policy.debugAllowed());
    assertEquals(false, policy.insecureSimulationAllowed());
    assertEquals(0, policy.minimumIsvSvn());
    assertTrue(policy.isvProdId().isEmpty());
    assertEquals(java.util.Set.of(TcbStatus.UP_TO_DATE), policy.acceptedTcbStatuses());
  }

  @Test
  void tcbStatusOtherThanUpToDate_isRefusedByDefault_namingItsAdvisories() {
    EnclaveIdentity hardeningNeeded =
        sgx(false, 1, 5, TcbStatus.SW_HARDENING_NEEDED, List.of("INTEL-SA-00615"));
    PolicyViolationException e =
        assertThrows(
            PolicyViolationException.class,
            () ->
                AttestationPolicy.builder()
                    .allowMrenclave(MRENCLAVE)
                    .build()
                    .check(hardeningNeeded));
    assertEquals(PolicyRule.TCB_STATUS_NOT_ALLOWED, e.rule());
    assertTrue(
        e.getMessage().contains("SWHardeningNeeded")
            && e.getMessage().contains("INTEL-SA-00615")
            && e.getMessage().contains("--accept-tcb-status SWHardeningNeeded"),
        e.getMessage());
  }

  @Test
  void tcbStatus_isAcceptedOnlyWhenNamed() {
    AttestationPolicy policy =
        AttestationPolicy.builder()
            .allowMrenclave(MRENCLAVE)
            .acceptTcbStatus(TcbStatus.SW_HARDENING_NEEDED)
            .build();
    assertEquals(
        EnumSet.of(TcbStatus.UP_TO_DATE, TcbStatus.SW_HARDENING_NEEDED),
        EnumSet.copyOf(policy.acceptedTcbStatuses()));
    assertDoesNotThrow(
        () ->
            policy.check(
                sgx(false, 1, 5, TcbStatus.SW_HARDENING_NEEDED, List.of("INTEL-SA-00615"))));
    assertDoesNotThrow(() -> policy.check(release()));
    assertEquals(
        PolicyRule.TCB_STATUS_NOT_ALLOWED,
        ruleBroken(policy, sgx(false, 1, 5, TcbStatus.OUT_OF_DATE, List.of("INTEL-SA-00828"))));
  }

  @Test
  void quoteVerifiedWithoutCollateral_isRefusedAsTcbNotEvaluated() {
    EnclaveIdentity unevaluated = sgx(false, 1, 5, null, List.of());
    PolicyViolationException e =
        assertThrows(
            PolicyViolationException.class,
            () ->
                AttestationPolicy.builder()
                    .allowMrenclave(MRENCLAVE)
                    .acceptTcbStatus(TcbStatus.OUT_OF_DATE)
                    .build()
                    .check(unevaluated));
    assertEquals(PolicyRule.TCB_STATUS_NOT_ALLOWED, e.rule());
    assertTrue(e.getMessage().contains("not evaluated"), e.getMessage());
  }

  @Test
  void revokedTcb_cannotBeAccepted() {
    assertThrows(
        IllegalArgumentException.class,
        () -> AttestationPolicy.builder().acceptTcbStatus(TcbStatus.REVOKED));
  }

  @Test
  void simulationEvidence_hasNoTcbStatus_andIsJudgedWithoutIt() {
    assertDoesNotThrow(
        () ->
            AttestationPolicy.builder()
                .allowMrenclave(MRENCLAVE)
                .allowInsecureSimulation(true)
                .build()
                .check(identity(EvidenceKind.SIMULATION, false, 1, 5)));
  }

  @Test
  void tcbStatusNames_parseInIntelsAndJavasSpelling() {
    assertEquals(TcbStatus.SW_HARDENING_NEEDED, TcbStatus.parse("SWHardeningNeeded"));
    assertEquals(
        TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED,
        TcbStatus.parse("configuration_and_sw_hardening_needed"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TcbStatus.parse("Fine"));
    assertTrue(e.getMessage().contains("UpToDate"), e.getMessage());
  }
}
