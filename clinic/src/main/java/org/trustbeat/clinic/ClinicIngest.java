package org.trustbeat.clinic;

import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.edge.ResultConsumer;
import org.trustbeat.edge.ResultListener;
import org.trustbeat.protocol.ResultHeader;

/**
 * Feeds the {@link ResultStore} from live {@link ResultConsumer}s and evaluates the alert rules as
 * results arrive: give each patient's consumer {@link #listenerFor} as its listener, and call
 * {@link #checkSilence()} periodically (the dashboard does, every few seconds).
 *
 * <h2>Security guarantees</h2>
 *
 * Only opened, checked results (those the consumer delivers) are stored. Log lines carry
 * pseudonyms, window starts and counts, never a metric value. A result is stored once however often
 * it is delivered, so a restarted reader may replay its broker session safely.
 */
public final class ClinicIngest {
  private static final Logger LOG = Logger.getLogger(ClinicIngest.class.getName());

  private final ResultStore store;
  private final AlertEngine alerts;
  private final Clock clock;
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong alreadyStored = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  public ClinicIngest(ResultStore store, AlertRules rules, Clock clock) {
    this.store = store;
    this.alerts = new AlertEngine(store, rules);
    this.clock = clock;
  }

  /**
   * The listener for {@code patient}'s consumer: stores results and what the consumer reports about
   * the stream, and judges the alert rules.
   */
  public ResultListener listenerFor(String patient) {
    return new PatientListener(patient);
  }

  /** Raises "silent" alerts for patients whose last result is older than the rules allow. */
  public void checkSilence() {
    try {
      alerts.checkSilence(clock.millis());
    } catch (SQLException e) {
      fail("silence check", e);
    }
  }

  /** Results stored (new windows). */
  public long stored() {
    return stored.get();
  }

  /** Deliveries of windows the store already held (e.g. replayed after a restart). */
  public long alreadyStored() {
    return alreadyStored.get();
  }

  /** Store or rule evaluation failures (each logged). */
  public long failures() {
    return failures.get();
  }

  private void fail(String what, SQLException e) {
    failures.incrementAndGet();
    LOG.warning(
        "clinic store: "
            + what
            + " failed: "
            + e.getClass().getSimpleName()
            + " (SQL state "
            + e.getSQLState()
            + ")");
  }

  @Override
  public String toString() {
    return "ClinicIngest{stored="
        + stored
        + ", alreadyStored="
        + alreadyStored
        + ", failures="
        + failures
        + "}";
  }

  /** One patient's listener; the consumer calls it one call at a time. */
  private final class PatientListener implements ResultListener {
    private final String patient;

    /** Integrity problems reported during the delivery of the result that comes next. */
    private final Set<AlertRule> pending = EnumSet.noneOf(AlertRule.class);

    PatientListener(String patient) {
      this.patient = patient;
    }

    @Override
    public void onResult(ConsumedResult result) {
      long now = clock.millis();
      try {
        if (store.add(result, now)) {
          stored.incrementAndGet();
        } else {
          alreadyStored.incrementAndGet();
        }
        alerts.afterResult(patient, pending, now);
      } catch (SQLException e) {
        fail("result of window " + result.windowStartMillis(), e);
      } finally {
        pending.clear();
      }
    }

    @Override
    public void onMissingWindows(String p, List<Long> windowStartsMillis) {
      long now = clock.millis();
      try {
        for (long w : windowStartsMillis) {
          store.noteMissingWindow(patient, w, now);
        }
        pending.add(AlertRule.MISSING_WINDOWS);
      } catch (SQLException e) {
        fail("missing windows", e);
      }
    }

    @Override
    public void onUncoveredSequences(String p, long first, long last) {
      try {
        store.noteUncoveredSequences(patient, first, last, clock.millis());
        pending.add(AlertRule.UNCOVERED_SEQUENCES);
      } catch (SQLException e) {
        fail("uncovered sequences", e);
      }
    }

    @Override
    public void onDuplicate(ResultHeader header) {
      // The consumer dropped it; the store would have too.
    }

    @Override
    public void onRejected(String reason) {
      long now = clock.millis();
      try {
        store.noteRefused(patient, reason, now);
        alerts.integrityProblem(patient, AlertRule.REFUSED_RESULT, now);
      } catch (SQLException e) {
        fail("refused result", e);
      }
    }
  }
}
