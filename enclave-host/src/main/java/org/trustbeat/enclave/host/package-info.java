/**
 * The hosts that run the enclave program (module {@code trustbeat-enclave-host}): untrusted code
 * outside the enclave, kept out of the measured enclave jar so that the trusted code base holds
 * only what runs inside (docs/TCB.md).
 *
 * <p>{@link org.trustbeat.enclave.host.EnclaveHost} is what the Spark job calls: it hands over
 * batches of closed windows ({@link org.trustbeat.enclave.WindowBatch}) holding sealed chunks and
 * gets back sealed results and clear completeness counters ({@link
 * org.trustbeat.enclave.WindowOutcome}). {@link org.trustbeat.enclave.host.EnclaveHosts#create}
 * makes the host of a mode:
 *
 * <ul>
 *   <li>{@link org.trustbeat.enclave.host.PlainHost} ({@code plain}): clear chunks, no enclave, no
 *       encryption; the baseline.
 *   <li>{@link org.trustbeat.enclave.host.InProcessEnclaveHost} ({@code sealed-inprocess}): the
 *       program in the executor JVM, INSECURE simulation evidence.
 *   <li>{@link org.trustbeat.enclave.host.ChildProcessEnclaveHost} ({@code sealed-process}): the
 *       program in a second JVM over a Unix domain socket, INSECURE simulation evidence.
 *   <li>{@link org.trustbeat.enclave.host.GramineSgxEnclaveHost} ({@code sgx}): the program under
 *       Gramine-SGX with DCAP quotes; needs SGX hardware, untested end to end here.
 * </ul>
 *
 * <p>All four run the same window logic, so decrypted results are byte-identical across modes. Only
 * the four TrustBeat modules (hrv, protocol, attestation, enclave) plus Tink are the enclave's
 * code; this module's process, socket and manifest code runs outside it. It is the one module that
 * uses {@code org.trustbeat.enclave.internal}: the channel ({@code Wire}), the program's entry
 * point, and the program itself for the in-process and plain hosts.
 *
 * <h2>Security guarantees</h2>
 *
 * None of its own: a host sees only what the untrusted side already sees (see {@link
 * org.trustbeat.enclave.host.EnclaveHost}). The child JVM's class path is the enclave modules and
 * Tink only ({@code EnclaveClasspath}), never this module, so the code measurement and the Gramine
 * trusted files cover exactly the enclave's code.
 */
package org.trustbeat.enclave.host;
