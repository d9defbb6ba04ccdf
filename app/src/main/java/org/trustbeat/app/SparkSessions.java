package org.trustbeat.app;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of {@code trustbeat server} for a cluster: a standalone master ({@code
 * spark://HOST:PORT}) or whatever {@code spark-submit} configured. Executors run in JVMs of their
 * own, each with its own enclave host (in {@code sealed-process}, a child enclave JVM of the
 * executor); they provision keys from the key broker themselves.
 *
 * <p>Executors load TrustBeat from the same paths as this driver ({@code
 * spark.executor.extraClassPath}): every worker machine needs the same installation at the same
 * path, and the files the configuration names for the host (simulation key, client certificate,
 * landing store, checkpoint, results) at the same paths too.
 */
final class SparkSessions {
  /** The JVM options Spark needs on Java 17 (as the launcher passes to the driver). */
  static final String JAVA_OPTIONS =
      "--add-opens=java.base/java.lang=ALL-UNNAMED"
          + " --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
          + " --add-opens=java.base/java.util=ALL-UNNAMED"
          + " --add-opens=java.base/java.lang.invoke=ALL-UNNAMED";

  private SparkSessions() {}

  /** Whether this JVM was started by {@code spark-submit}, which sets the master itself. */
  static boolean submitted() {
    return System.getProperty("spark.master") != null;
  }

  /** A session on a cluster master, or spark-submit's; the caller stops it. */
  static SparkSession cluster(String master, String appName, int shufflePartitions) {
    SparkSession.Builder b =
        SparkSession.builder()
            .appName(appName)
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", shufflePartitions);
    if (!submitted()) {
      b.master(master)
          .config("spark.executor.extraClassPath", absoluteClassPath())
          .config("spark.executor.extraJavaOptions", JAVA_OPTIONS)
          .config("spark.executor.memory", "1g")
          .config("spark.driver.host", System.getenv().getOrDefault("SPARK_LOCAL_IP", "127.0.0.1"))
          .config(
              "spark.driver.bindAddress",
              System.getenv().getOrDefault("SPARK_LOCAL_IP", "127.0.0.1"));
    }
    return b.getOrCreate();
  }

  private static String absoluteClassPath() {
    List<String> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        out.add(Path.of(e).toAbsolutePath().toString());
      }
    }
    return String.join(File.pathSeparator, out);
  }
}
