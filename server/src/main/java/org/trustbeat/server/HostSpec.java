package org.trustbeat.server;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;
import java.util.UUID;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;

/**
 * Everything an executor needs to start and provision its enclave host, shipped with the job's
 * tasks: the mode, how to start the host, how to get keys into it, and the job it runs. Each built
 * spec has its own id; every executor JVM starts one host per id and reuses it for all tasks of the
 * job.
 *
 * <h2>Security guarantees</h2>
 *
 * Holds configuration only (no key, no started host); {@link #toString()} prints the mode and ids.
 */
public final class HostSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String id;
  private final HostKind kind;
  private final String jobId;
  private final HrvJob job;
  private final EnclaveHostFactory hostFactory;
  private final KeyProvisioner provisioner;
  private final URI keyBroker;

  private HostSpec(Builder b) {
    this.id = UUID.randomUUID().toString();
    this.kind = b.kind;
    this.jobId = b.jobId;
    this.job = b.job;
    this.hostFactory = b.hostFactory;
    this.provisioner = b.provisioner;
    this.keyBroker = b.keyBroker;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Unique per built spec; the per-JVM host registry keys on it. */
  public String id() {
    return id;
  }

  public HostKind kind() {
    return kind;
  }

  /** The streaming job's id, bound into every result's associated data. */
  public String jobId() {
    return jobId;
  }

  public HrvJob job() {
    return job;
  }

  public EnclaveHostFactory hostFactory() {
    return hostFactory;
  }

  /** How keys reach the host, or null in {@link HostKind#PLAIN} mode, which needs none. */
  public KeyProvisioner provisioner() {
    return provisioner;
  }

  /** The key broker's address, for logs; null if the provisioner does not use one. */
  public URI keyBroker() {
    return keyBroker;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostSpec && ((HostSpec) o).id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "HostSpec{id="
        + id
        + ", mode="
        + kind
        + ", job="
        + job
        + ", jobId="
        + jobId
        + (keyBroker == null ? "" : ", keyBroker=" + keyBroker)
        + "}";
  }

  /** Validating builder; mode, job id and host factory are required. */
  public static final class Builder {
    private HostKind kind;
    private String jobId;
    private HrvJob job = HrvJob.HRV;
    private EnclaveHostFactory hostFactory;
    private KeyProvisioner provisioner;
    private URI keyBroker;

    private Builder() {}

    public Builder setKind(HostKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder setJobId(String jobId) {
      this.jobId = jobId;
      return this;
    }

    /** Default {@link HrvJob#HRV}. */
    public Builder setJob(HrvJob job) {
      this.job = job;
      return this;
    }

    public Builder setHostFactory(EnclaveHostFactory hostFactory) {
      this.hostFactory = hostFactory;
      return this;
    }

    public Builder setProvisioner(KeyProvisioner provisioner) {
      this.provisioner = provisioner;
      return this;
    }

    public Builder setKeyBroker(URI keyBroker) {
      this.keyBroker = keyBroker;
      return this;
    }

    public HostSpec build() {
      if (kind == null) {
        throw new IllegalStateException(
            "mode is missing; call setKind with plain, sealed-inprocess, sealed-process or sgx");
      }
      if (jobId == null || !jobId.matches("[A-Za-z0-9._:-]{1,64}")) {
        throw new IllegalStateException(
            "job id is missing or invalid; use 1..64 characters of [A-Za-z0-9._:-]");
      }
      Objects.requireNonNull(job, "job is null; pass an HrvJob such as HrvJob.HRV");
      if (hostFactory == null) {
        throw new IllegalStateException(
            "host factory is missing; call setHostFactory (e.g. one that calls EnclaveHosts.create)");
      }
      if (provisioner == null && kind != HostKind.PLAIN) {
        throw new IllegalStateException(
            "mode "
                + kind
                + " needs keys in the enclave; call setProvisioner (e.g. a key-broker"
                + " provisioner)");
      }
      return new HostSpec(this);
    }
  }
}
