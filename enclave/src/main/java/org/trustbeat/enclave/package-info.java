/**
 * The enclave program: what runs inside the enclave, and nothing else (docs/TCB.md lists it).
 *
 * <p>The program takes batches of closed windows ({@link org.trustbeat.enclave.WindowBatch})
 * holding sealed chunks and gives back sealed results and clear completeness counters ({@link
 * org.trustbeat.enclave.WindowOutcome}); {@link org.trustbeat.enclave.HostKind} is the mode label
 * it writes into every result header. The hosts that start it and carry batches across — in the
 * executor JVM, in a child JVM, under Gramine-SGX, or the plain baseline — are in the module {@code
 * trustbeat-enclave-host} ({@code org.trustbeat.enclave.host}), outside the measured code: this
 * module's classes reference no process, server socket, HTTP, Spark or MQTT code, which {@code
 * TrustedCodeBoundaryTest} checks. Only the five TrustBeat modules (codec, hrv, protocol,
 * attestation, enclave) plus Tink are the enclave's code.
 *
 * <h2>Security guarantees and limits</h2>
 *
 * The enclave is stateless, and so is the analysis: a window is analysed from its own chunks and
 * the chunks of the 30 s on each side (HRV-SPEC version 2, section 3), all authenticated and bound
 * to the patient like any other, and nothing crosses from one window to the next. There is no state
 * a host could roll back or replay: a result depends only on the authentic chunks handed with its
 * window, and says in its header how many context chunks and which sequence range it covered.
 * Simulated modes isolate nothing and say so in every result header ({@code SIMULATION}) and log
 * line.
 *
 * <p>Keys come only in releases signed by the key broker the enclave pins (its verification key is
 * a start argument, in the signed manifest under Gramine-SGX, and bound into every report data),
 * for one of the enclave's own attestation rounds. Each release carries, per patient, the analysis
 * policy (jobs and window lengths) and the evidence kind the broker verified: a window whose job or
 * length the patient's policy does not allow gets no result ({@link
 * org.trustbeat.enclave.RejectReason#POLICY_REFUSED}), and results carry the verified evidence
 * kind.
 */
package org.trustbeat.enclave;
