package org.trustbeat.app.config;

/**
 * {@code [spark]}: where and how often the job runs.
 *
 * <pre>
 * [spark]
 * master = "local[*]"            # or spark://HOST:7077 for a standalone cluster
 * trigger_seconds = 5            # micro-batch interval
 * watermark_delay_seconds = 60   # how far behind the fastest patient a chunk may arrive
 * shuffle_partitions = 4
 * close_spread_seconds = 60      # each patient's windows close up to this much later (default:
 *                                # 60, or the window if shorter); spreads closing over batches
 * state_memory_mb = 2048         # state store memory per JVM, about 15 kB per patient
 * </pre>
 */
public record SparkSection(
    String master,
    long triggerSeconds,
    long watermarkDelaySeconds,
    int shufflePartitions,
    long closeSpreadSeconds,
    int stateMemoryMb) {
  static SparkSection read(TomlTable t) throws ConfigException {
    String master = t.string("master", "\"local[*]\"", "local[*]");
    if (!master.matches("local(\\[([0-9]+|\\*)])?|spark://.+")) {
      throw t.error("master", "is \"" + master + "\"; write local[*] or spark://HOST:7077");
    }
    return new SparkSection(
        master,
        t.integer("trigger_seconds", 1, 3600, "5", 5),
        t.integer("watermark_delay_seconds", 0, 86_400, "60", 60),
        (int) t.integer("shuffle_partitions", 1, 10_000, "4", 4),
        // Absent: -1, the job's own default (60 s, or the window if shorter).
        t.integer("close_spread_seconds", 0, 86_400, "60", -1),
        (int) t.integer("state_memory_mb", 64, 1_048_576, "2048", 2048));
  }
}
