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
 * </pre>
 */
public record SparkSection(String master, long triggerSeconds, long watermarkDelaySeconds,
    int shufflePartitions) {
  static SparkSection read(TomlTable t) throws ConfigException {
    String master = t.string("master", "\"local[*]\"", "local[*]");
    if (!master.matches("local(\\[([0-9]+|\\*)])?|spark://.+")) {
      throw t.error("master", "is \"" + master + "\"; write local[*] or spark://HOST:7077");
    }
    return new SparkSection(master,
        t.integer("trigger_seconds", 1, 3600, "5", 5),
        t.integer("watermark_delay_seconds", 0, 86_400, "60", 60),
        (int) t.integer("shuffle_partitions", 1, 10_000, "4", 4));
  }
}
