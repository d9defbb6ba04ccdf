package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/**
 * The loop every fuzz test of this module runs: a fixed seed, a time and case budget, and no
 * unchecked exception may escape a case (a case catches the checked exceptions it expects).
 */
final class FuzzBudget {
  static final int MIN_CASES = 200;

  private FuzzBudget() {}

  /** One fuzz case; returns whether the input was accepted (parsed, opened). */
  interface Case {
    boolean run(Random random, int number) throws Exception;
  }

  /** How many cases ran and how many of them accepted their input. */
  record Outcome(int cases, int accepted) {
    /** Some, but not all, inputs were accepted: the mutator is neither too gentle nor too harsh. */
    void assertSomeButNotAllAccepted(String verb) {
      assertTrue(accepted > 0 && accepted < cases, accepted + " of " + cases + " " + verb);
    }
  }

  /**
   * Runs {@code body} until {@code maxCases} or {@code budgetNanos} is spent, but never fewer than
   * {@value #MIN_CASES} cases (a loaded machine makes a run slower, not weaker), failing on any
   * unchecked or unexpected checked exception that escapes it.
   *
   * @param what the code under test, for the failure message
   */
  static Outcome run(long seed, long budgetNanos, int maxCases, String what, Case body) {
    Random random = new Random(seed);
    long deadline = System.nanoTime() + budgetNanos;
    int cases = 0;
    int accepted = 0;
    while (cases < maxCases && (cases < MIN_CASES || System.nanoTime() < deadline)) {
      cases++;
      try {
        if (body.run(random, cases)) {
          accepted++;
        }
      } catch (RuntimeException e) {
        fail("case " + cases + ": unchecked " + e + " escaped " + what, e);
      } catch (Exception e) {
        fail("case " + cases + ": unexpected " + e + " escaped " + what, e);
      }
    }
    return new Outcome(cases, accepted);
  }
}
