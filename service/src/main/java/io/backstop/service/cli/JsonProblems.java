package io.backstop.service.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a request file breaks the proto3 JSON mapping: protobuf's JSON parser says what is wrong
 * ("Invalid enum value: CRYPTO for enum type: backstop.v1.AssetClass") but not where; this walks
 * the JSON against the message's descriptor and names the first bad value by its proto path ({@code
 * exposure.assets[0].asset_class}) and what is allowed there, as validation names a bad field. Only
 * used after the parser has refused the file.
 */
final class JsonProblems {
  private JsonProblems() {}

  /** A bad value: its proto path and what is wrong with it. */
  record Problem(String path, String description) {}

  /** The first value of {@code json} the mapping does not accept for {@code type}; null if none. */
  static Problem first(JsonElement json, Descriptor type) {
    return message(json, type, "");
  }

  private static Problem message(JsonElement json, Descriptor type, String path) {
    if (type.getFullName().startsWith("google.protobuf.")) {
      return null; // well-known types have mappings of their own; the parser's message stands
    }
    if (!json.isJsonObject()) {
      return new Problem(
          path.isEmpty() ? "(request)" : path,
          "expected a JSON object for " + type.getFullName() + ", was " + json);
    }
    for (Map.Entry<String, JsonElement> e : ((JsonObject) json).entrySet()) {
      FieldDescriptor field = field(type, e.getKey());
      String at =
          (path.isEmpty() ? "" : path + ".") + (field == null ? e.getKey() : field.getName());
      if (field == null) {
        return new Problem(
            at,
            "unknown field of "
                + type.getFullName()
                + " (known: "
                + type.getFields().stream()
                    .map(FieldDescriptor::getJsonName)
                    .collect(Collectors.joining(", "))
                + ")");
      }
      JsonElement v = e.getValue();
      if (v.isJsonNull()) {
        continue;
      }
      Problem p;
      if (field.isRepeated()) {
        if (!v.isJsonArray()) {
          return new Problem(at, "expected a JSON array, was " + v);
        }
        JsonArray array = v.getAsJsonArray();
        p = null;
        for (int i = 0; i < array.size() && p == null; i++) {
          p = value(array.get(i), field, at + "[" + i + "]");
        }
      } else {
        p = value(v, field, at);
      }
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private static FieldDescriptor field(Descriptor type, String key) {
    for (FieldDescriptor f : type.getFields()) {
      if (f.getJsonName().equals(key) || f.getName().equals(key)) {
        return f;
      }
    }
    return null;
  }

  private static Problem value(JsonElement v, FieldDescriptor field, String at) {
    switch (field.getJavaType()) {
      case MESSAGE:
        return message(v, field.getMessageType(), at);
      case ENUM:
        {
          var values = field.getEnumType().getValues();
          if (v.isJsonPrimitive()) {
            JsonPrimitive p = v.getAsJsonPrimitive();
            if (p.isString() && field.getEnumType().findValueByName(p.getAsString()) != null) {
              return null;
            }
            if (p.isNumber() && isInteger(p.getAsString())) {
              return null; // numbers are accepted as they are (unknown ones as UNRECOGNIZED)
            }
          }
          return new Problem(
              at,
              v
                  + " is not a "
                  + field.getEnumType().getFullName()
                  + " (allowed: "
                  + values.stream()
                      .map(EnumValueDescriptor::getName)
                      .collect(Collectors.joining(", "))
                  + ")");
        }
      case DOUBLE:
      case FLOAT:
        if (v.isJsonPrimitive() && (v.getAsJsonPrimitive().isNumber() || isNumberString(v))) {
          return null;
        }
        return new Problem(at, v + " is not a number (write 0.8, or \"NaN\", \"Infinity\")");
      case INT:
      case LONG:
        if (v.isJsonPrimitive()
            && (v.getAsJsonPrimitive().isNumber() || v.getAsJsonPrimitive().isString())
            && isInteger(v.getAsString())) {
          return null;
        }
        return new Problem(at, v + " is not an integer");
      case BOOLEAN:
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean()) {
          return null;
        }
        return new Problem(at, v + " is not true or false");
      case STRING:
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
          return null;
        }
        return new Problem(at, v + " is not a string");
      default:
        return null;
    }
  }

  private static boolean isNumberString(JsonElement v) {
    if (!v.getAsJsonPrimitive().isString()) {
      return false;
    }
    String s = v.getAsString();
    if (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity")) {
      return true;
    }
    try {
      return Double.isFinite(Double.parseDouble(s.trim())) && !s.trim().isEmpty();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isInteger(String s) {
    return s.matches("-?\\d+(\\.0*)?");
  }
}
