package org.trustbeat.server;

import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session for the end-to-end test classes (starting one costs seconds): two cores,
 * no UI, two shuffle partitions. Made again if an earlier class stopped it; Spark's own shutdown
 * hook stops it when the test JVM ends.
 */
public final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null || session.sparkContext().isStopped()) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("trustbeat-server-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .getOrCreate();
    }
    return session;
  }
}
