package org.trustbeat.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Views of a byte array as 16-, 32- and 64-bit values in either order, shared by the reader and the
 * writer. Static finals, so the JIT compiles each access to a plain (possibly byte-swapped) load or
 * store.
 */
final class ByteViews {
  static final VarHandle I16_BE = view(short[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle I16_LE = view(short[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle I32_BE = view(int[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle I32_LE = view(int[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle I64_BE = view(long[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle I64_LE = view(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ByteViews() {}

  private static VarHandle view(Class<?> arrayType, ByteOrder order) {
    return MethodHandles.byteArrayViewVarHandle(arrayType, order);
  }
}
