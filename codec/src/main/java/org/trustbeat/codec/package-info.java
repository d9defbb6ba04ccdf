/**
 * The one bounded binary codec of TrustBeat: {@link org.trustbeat.codec.BinaryReader} and {@link
 * org.trustbeat.codec.BinaryWriter}, big- or little-endian, on which every binary format is built
 * (protocol envelopes, the host-enclave channel, DCAP quotes, key-broker bodies, landing files).
 * Each format supplies a {@link org.trustbeat.codec.BinaryErrors} so it keeps its own exception
 * type and wording.
 *
 * <h2>Security guarantees and limits</h2>
 *
 * A read never goes past the range the reader was given, and never allocates by a length it has not
 * checked against the bytes that remain; {@code length} and {@code prefixed} also check a caller's
 * bounds first. So hostile input ends in the format's exception, not in an index, negative-size or
 * out-of-memory error. The codec checks framing only: what a field means (a version, a pseudonym's
 * characters, a count's relation to the input) is the format's to check. Runs inside the enclave,
 * so it depends on nothing beyond the JDK.
 */
package org.trustbeat.codec;
