package org.trustbeat.clinic.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one TOML table given as a Jackson tree (as {@code TomlMapper.readTree} returns it), with
 * errors that name the table, the key and the fix. Unknown keys are errors: a misspelt threshold
 * must not silently turn a rule off.
 */
public final class TomlTable {
  private final String name;
  private final JsonNode node;

  private TomlTable(String name, JsonNode node) {
    this.name = name;
    this.node = node;
  }

  /**
   * The table {@code [name]}; a missing or null node is an empty table.
   *
   * @throws IllegalArgumentException if the node is not a table or has a key not in {@code known}
   */
  public static TomlTable of(String name, JsonNode node, Set<String> known) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new TomlTable(name, null);
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "["
              + name
              + "] must be a table, e.g. a line '["
              + name
              + "]' followed by key = value lines");
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown key "
              + unknown
              + " in ["
              + name
              + "]; the known keys are "
              + new TreeSet<>(known));
    }
    return new TomlTable(name, node);
  }

  public boolean has(String key) {
    return node != null && node.has(key) && !node.get(key).isNull();
  }

  public double number(String key) {
    JsonNode v = node.get(key);
    if (!v.isNumber()) {
      throw new IllegalArgumentException(
          "[" + name + "] " + key + " must be a number, e.g. " + key + " = 120");
    }
    return v.doubleValue();
  }

  public int integer(String key) {
    JsonNode v = node.get(key);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new IllegalArgumentException(
          "[" + name + "] " + key + " must be a whole number, e.g. " + key + " = 3");
    }
    return v.intValue();
  }

  public boolean bool(String key) {
    JsonNode v = node.get(key);
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(
          "[" + name + "] " + key + " must be true or false (without quotes)");
    }
    return v.booleanValue();
  }

  public String text(String key) {
    JsonNode v = node.get(key);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(
          "[" + name + "] " + key + " must be a quoted string, e.g. " + key + " = \"...\"");
    }
    return v.textValue();
  }
}
