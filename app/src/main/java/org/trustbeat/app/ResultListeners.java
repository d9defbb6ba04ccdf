package org.trustbeat.app;

import java.util.List;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.edge.ResultListener;
import org.trustbeat.protocol.ResultHeader;

/**
 * One consumer's reports handed to several listeners, in order (e.g. the printed lines, the
 * clinic's store, the collected results of {@code results --format fhir}).
 */
final class ResultListeners implements ResultListener {
  private final List<ResultListener> all;

  private ResultListeners(List<ResultListener> all) {
    this.all = List.copyOf(all);
  }

  static ResultListener of(List<ResultListener> listeners) {
    return listeners.size() == 1 ? listeners.get(0) : new ResultListeners(listeners);
  }

  @Override
  public void onResult(ConsumedResult result) {
    all.forEach(l -> l.onResult(result));
  }

  @Override
  public void onMissingWindows(String patient, List<Long> windowStartsMillis) {
    all.forEach(l -> l.onMissingWindows(patient, windowStartsMillis));
  }

  @Override
  public void onUncoveredSequences(String patient, long first, long last) {
    all.forEach(l -> l.onUncoveredSequences(patient, first, last));
  }

  @Override
  public void onDuplicate(ResultHeader header) {
    all.forEach(l -> l.onDuplicate(header));
  }

  @Override
  public void onRejected(String reason) {
    all.forEach(l -> l.onRejected(reason));
  }
}
