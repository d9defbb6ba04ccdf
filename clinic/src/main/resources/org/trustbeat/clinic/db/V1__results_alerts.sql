-- TrustBeat clinic store, version 1. Plain SQL that SQLite (3.24+) and PostgreSQL (9.5+) both run
-- unchanged: BIGINT epoch milliseconds instead of dialect time types, DOUBLE PRECISION metrics,
-- natural primary keys (no dialect-specific auto-increment), partial unique indexes.

-- A patient known to this clinic, by pseudonym; ref is a random opaque id for URLs.
CREATE TABLE patient (
  pseudonym VARCHAR(64) NOT NULL PRIMARY KEY,
  ref VARCHAR(32) NOT NULL UNIQUE,
  first_seen_at BIGINT NOT NULL
);

-- One opened result: one window of one patient's analysis (HRV-SPEC names as column names).
CREATE TABLE window_result (
  patient VARCHAR(64) NOT NULL REFERENCES patient (pseudonym),
  job_id VARCHAR(64) NOT NULL,
  window_start BIGINT NOT NULL,
  window_length BIGINT NOT NULL,
  algorithm VARCHAR(64) NOT NULL,
  host_kind VARCHAR(64) NOT NULL,
  attestation_kind VARCHAR(64) NOT NULL,
  hardware_protected BOOLEAN NOT NULL,
  test_patient BOOLEAN NOT NULL,
  mode_label VARCHAR(200) NOT NULL,
  quality VARCHAR(8),
  artifact_pct DOUBLE PRECISION,
  n_total INTEGER,
  n_rejected INTEGER,
  chunks_seen BIGINT NOT NULL,
  duplicates_dropped BIGINT NOT NULL,
  sequence_gaps BIGINT NOT NULL,
  chunks_rejected BIGINT NOT NULL,
  context_chunks BIGINT NOT NULL,
  first_sequence BIGINT NOT NULL,
  last_sequence BIGINT NOT NULL,
  n_nn DOUBLE PRECISION,
  mean_nn DOUBLE PRECISION,
  median_nn DOUBLE PRECISION,
  sdnn DOUBLE PRECISION,
  rmssd DOUBLE PRECISION,
  sdsd DOUBLE PRECISION,
  nn50 DOUBLE PRECISION,
  pnn50 DOUBLE PRECISION,
  nn20 DOUBLE PRECISION,
  pnn20 DOUBLE PRECISION,
  cvnn DOUBLE PRECISION,
  mean_hr DOUBLE PRECISION,
  std_hr DOUBLE PRECISION,
  min_hr DOUBLE PRECISION,
  max_hr DOUBLE PRECISION,
  hti DOUBLE PRECISION,
  sdann DOUBLE PRECISION,
  sdnn_index DOUBLE PRECISION,
  vlf DOUBLE PRECISION,
  lf DOUBLE PRECISION,
  hf DOUBLE PRECISION,
  total_power DOUBLE PRECISION,
  lf_hf DOUBLE PRECISION,
  lf_nu DOUBLE PRECISION,
  hf_nu DOUBLE PRECISION,
  lf_peak DOUBLE PRECISION,
  hf_peak DOUBLE PRECISION,
  sd1 DOUBLE PRECISION,
  sd2 DOUBLE PRECISION,
  sd1_sd2 DOUBLE PRECISION,
  sampen DOUBLE PRECISION,
  dfa_a1 DOUBLE PRECISION,
  dfa_a2 DOUBLE PRECISION,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (patient, job_id, window_start)
);
CREATE INDEX window_result_by_time ON window_result (patient, window_start);

-- What the consumer reported besides results: missing windows, uncovered sequence ranges,
-- refused results. event_key makes a repeated report (e.g. after a restart) a no-op.
CREATE TABLE integrity_event (
  patient VARCHAR(64) NOT NULL REFERENCES patient (pseudonym),
  kind VARCHAR(32) NOT NULL,
  event_key VARCHAR(300) NOT NULL,
  window_start BIGINT,
  first_sequence BIGINT,
  last_sequence BIGINT,
  detail VARCHAR(300) NOT NULL,
  noted_at BIGINT NOT NULL,
  PRIMARY KEY (patient, kind, event_key)
);

-- Alerts: raised once, open until cleared_at is set. At most one open alert per patient and rule.
CREATE TABLE alert (
  patient VARCHAR(64) NOT NULL REFERENCES patient (pseudonym),
  rule VARCHAR(32) NOT NULL,
  raised_at BIGINT NOT NULL,
  window_start BIGINT,
  detail VARCHAR(300) NOT NULL,
  cleared_at BIGINT,
  PRIMARY KEY (patient, rule, raised_at)
);
CREATE UNIQUE INDEX alert_one_open ON alert (patient, rule) WHERE cleared_at IS NULL;
