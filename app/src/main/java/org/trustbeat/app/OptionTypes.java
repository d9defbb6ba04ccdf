package org.trustbeat.app;

import java.util.function.Function;
import org.trustbeat.bench.pipeline.BenchPlan;
import org.trustbeat.bench.pipeline.Load;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the project's value types, so that options are typed fields: a bad value
 * fails while parsing, as a parameter error that names the option and the accepted values (the
 * message of the type's own parser). Named on each option ({@code converter = ...}) rather than
 * registered on a command line, so that every way of building one (tests too) gets them.
 */
final class OptionTypes {
  private OptionTypes() {}

  /** {@code plain}, {@code sealed-inprocess}, {@code sealed-process} or {@code sgx}. */
  static final class Mode implements ITypeConverter<HostKind> {
    @Override
    public HostKind convert(String value) {
      return parse(value, HostKind::byLabel);
    }
  }

  /** {@code identity}, {@code sdnn}, {@code hrv-bands} or {@code hrv}. */
  static final class Job implements ITypeConverter<HrvJob> {
    @Override
    public HrvJob convert(String value) {
      return parse(value, HrvJob::byName);
    }
  }

  /** A bench load such as {@code 32kB} or {@code 1MB}. */
  static final class Size implements ITypeConverter<Load> {
    @Override
    public Load convert(String value) {
      return parse(value, Load::parse);
    }
  }

  /** {@code batch}, {@code stream} or {@code capacity}. */
  static final class BenchKind implements ITypeConverter<BenchPlan.Kind> {
    @Override
    public BenchPlan.Kind convert(String value) {
      return parse(value, BenchPlan.Kind::byLabel);
    }
  }

  private static <T> T parse(String value, Function<String, T> parser) {
    try {
      return parser.apply(value.trim());
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
