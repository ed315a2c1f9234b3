package io.backstop.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * fabric8 keeps a field it does not know in {@code additionalProperties} instead of failing, so a
 * misspelt {@code readinesProbe} would parse and then simply be absent. This walks a parsed object
 * and names every such field: the API server would reject or silently drop it.
 */
final class UnknownFields {

  /** In an allow-list: any scalar value. */
  private static final String SCALAR = "scalar";

  /** In an allow-list: a map of string keys to scalar values (labels, annotations). */
  private static final String STRING_MAP = "string map";

  /**
   * fabric8 does not model the Prometheus Operator's ServiceMonitor, so it is held to an allow-list
   * of the fields the manifests use: a misspelt {@code intervall} or {@code paht} would be dropped
   * by the API server (or ignored by the operator) without a word. A field missing here that the
   * CRD does have (monitoring.coreos.com/v1) fails too: add it, with a check if it matters.
   */
  static final Map<String, Object> SERVICE_MONITOR =
      Map.of(
          "apiVersion",
          SCALAR,
          "kind",
          SCALAR,
          "metadata",
          Map.of(
              "name", SCALAR,
              "namespace", SCALAR,
              "labels", STRING_MAP,
              "annotations", STRING_MAP),
          "spec",
          Map.of(
              "selector", Map.of("matchLabels", STRING_MAP),
              "endpoints",
                  List.of(
                      Map.of(
                          "port", SCALAR,
                          "path", SCALAR,
                          "interval", SCALAR,
                          "scrapeTimeout", SCALAR))));

  private UnknownFields() {}

  /** The fields of a tree outside an allow-list ({@link #SERVICE_MONITOR}), or of another shape. */
  static List<String> findOutside(JsonNode node, Object allowed, String path) {
    List<String> found = new ArrayList<>();
    walkTree(node, allowed, path, found);
    return found;
  }

  private static void walkTree(JsonNode node, Object allowed, String path, List<String> found) {
    if (allowed == SCALAR) {
      if (!node.isValueNode()) {
        found.add(path + " is not a single value");
      }
    } else if (allowed == STRING_MAP) {
      if (!node.isObject()) {
        found.add(path + " is not a mapping");
        return;
      }
      node.fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isValueNode()) {
                  found.add(path + "." + e.getKey() + " is not a single value");
                }
              });
    } else if (allowed instanceof List<?> items) {
      if (!node.isArray()) {
        found.add(path + " is not a list");
        return;
      }
      for (int i = 0; i < node.size(); i++) {
        walkTree(node.get(i), items.get(0), path + "[" + i + "]", found);
      }
    } else if (allowed instanceof Map<?, ?> fields) {
      if (!node.isObject()) {
        found.add(path + " is not a mapping");
        return;
      }
      List<String> unknown = new ArrayList<>();
      node.fields()
          .forEachRemaining(
              e -> {
                if (fields.containsKey(e.getKey())) {
                  walkTree(e.getValue(), fields.get(e.getKey()), path + "." + e.getKey(), found);
                } else {
                  unknown.add(e.getKey());
                }
              });
      if (!unknown.isEmpty()) {
        found.add(path + ": unknown field(s) " + unknown + " (not in the checks' allow-list)");
      }
    }
  }

  static List<String> find(Object root, String rootPath) {
    List<String> found = new ArrayList<>();
    walk(root, rootPath, found);
    return found;
  }

  private static void walk(Object value, String path, List<String> found) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Enum<?>
        || value instanceof Quantity
        || value instanceof IntOrString) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        walk(entry.getValue(), path + "." + entry.getKey(), found);
      }
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (Modifier.isStatic(getter.getModifiers())
          || getter.getParameterCount() != 0
          || getter.getDeclaringClass() == Object.class
          || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
        continue;
      }
      Object child = invoke(getter, value);
      String name = getter.getName().replaceFirst("^(get|is)", "");
      if (name.equals("AdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          found.add(path + ": unknown field(s) " + extra.keySet());
        }
        continue;
      }
      walk(child, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), found);
    }
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new AssertionError("cannot read " + getter, e);
    }
  }
}
