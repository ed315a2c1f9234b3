package io.backstop.k8s;

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

  private UnknownFields() {}

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
