package org.trustbeat.enclave;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a class file refers to, read from its constant pool (JVMS 4.4): every CONSTANT_Utf8 string
 * (class names, descriptors and signatures hold every type the class mentions) and every method
 * reference as {@code owner.name}. Enough to tell whether code can reach an API, with no bytecode
 * library.
 */
final class ClassReferences {
  final List<String> utf8 = new ArrayList<>();
  final List<String> methods = new ArrayList<>();

  private ClassReferences() {}

  static ClassReferences read(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file (no CAFEBABE magic)");
    }
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    String[] strings = new String[count];
    int[] classNames = new int[count];
    int[][] refs = new int[count][];
    int[][] nameAndTypes = new int[count][];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> strings[i] = in.readUTF(); // modified UTF-8, as DataInput reads it
        case 3, 4 -> in.readInt(); // Integer, Float
        case 5, 6 -> { // Long, Double take two slots
          in.readLong();
          i++;
        }
        case 7 -> classNames[i] = in.readUnsignedShort(); // Class
        case 8, 16, 19, 20 -> in.readUnsignedShort(); // String, MethodType, Module, Package
        case 9, 10, 11 -> refs[i] = new int[] {tag, in.readUnsignedShort(), in.readUnsignedShort()};
        case 12 -> nameAndTypes[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
        case 15 -> { // MethodHandle: kind, reference index
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        case 17, 18 -> { // Dynamic, InvokeDynamic: bootstrap index, NameAndType
          in.readUnsignedShort();
          in.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
      }
    }
    ClassReferences out = new ClassReferences();
    for (String s : strings) {
      if (s != null) {
        out.utf8.add(s);
      }
    }
    for (int[] r : refs) {
      if (r != null && r[0] != 9) {
        out.methods.add(strings[classNames[r[1]]] + "." + strings[nameAndTypes[r[2]][0]]);
      }
    }
    return out;
  }

  /** Whether any string of the pool contains {@code fragment} (a '/'-separated name part). */
  boolean mentions(String fragment) {
    return utf8.stream().anyMatch(s -> s.contains(fragment));
  }
}
