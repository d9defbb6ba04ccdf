/**
 * The enclave program and the hosts that run it.
 *
 * <p>{@link org.trustbeat.enclave.EnclaveHost} is what the Spark job calls: it hands over batches
 * of closed windows ({@link org.trustbeat.enclave.WindowBatch}) holding sealed chunks and gets back
 * sealed results and clear completeness counters ({@link
 * org.trustbeat.enclave.WindowOutcome}). {@link org.trustbeat.enclave.EnclaveHosts#create} makes
 * the host of a mode:
 *
 * <ul>
 *   <li>{@link org.trustbeat.enclave.PlainHost} ({@code plain}): clear chunks, no enclave, no
 *       encryption; the baseline.
 *   <li>{@link org.trustbeat.enclave.InProcessEnclaveHost} ({@code sealed-inprocess}): the program
 *       in the executor JVM, INSECURE simulation evidence.
 *   <li>{@link org.trustbeat.enclave.ChildProcessEnclaveHost} ({@code sealed-process}): the program
 *       in a second JVM over a Unix domain socket, INSECURE simulation evidence.
 *   <li>{@link org.trustbeat.enclave.GramineSgxEnclaveHost} ({@code sgx}): the program under
 *       Gramine-SGX with DCAP quotes; needs SGX hardware, untested end to end here.
 * </ul>
 *
 * <p>All four run the same window logic, so decrypted results are byte-identical across modes.
 * Only the five TrustBeat modules (codec, hrv, protocol, attestation, enclave) plus Tink are the
 * enclave's code; the hosts' process and socket code runs outside it.
 *
 * <h2>Security guarantees and limits</h2>
 * The enclave is stateless, and so is the analysis: a window is analysed from its own chunks and
 * the chunks of the 30 s on each side (HRV-SPEC version 2, section 3), all authenticated and bound
 * to the patient like any other, and nothing crosses from one window to the next. There is no
 * state a host could roll back or replay: a result depends only on the authentic chunks handed
 * with its window, and says in its header how many context chunks and which sequence range it
 * covered. Simulated modes isolate nothing and say so in every result header ({@code SIMULATION})
 * and log line.
 *
 * <p>Keys come only in releases signed by the key broker the enclave pins (its verification key is
 * a start argument, in the signed manifest under Gramine-SGX, and bound into every report data),
 * for one of the enclave's own attestation rounds. Each release carries, per patient, the analysis
 * policy (jobs and window lengths) and the evidence kind the broker verified: a window whose job or
 * length the patient's policy does not allow gets no result ({@link
 * org.trustbeat.enclave.RejectReason#POLICY_REFUSED}), and results carry the verified evidence kind.
 */
package org.trustbeat.enclave;
