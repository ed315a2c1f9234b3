package io.backstop.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's own settings ({@code backstop.*}), read from the source of its
 * {@code @ConfigMapping} interface, {@code BackstopConfig.java}, the way SmallRye Config maps it:
 * the mapping's prefix, then one segment per method, its camelCase name in kebab-case ({@code
 * maxScenarioSteps} is {@code max-scenario-steps}); a method returning an interface of the same
 * file is a group and adds its name as a segment before its own methods'. Default methods are not
 * keys. The environment-variable form is upper case with every other character an underscore,
 * {@code BACKSTOP_LIMITS_MAX_SCENARIO_STEPS}.
 *
 * <p>Why the source, read here, rather than a list of keys kept next to BackstopConfig: a list is a
 * second place to forget when a key is added or renamed, and the check would then pass a typo or
 * fail a correct key; the source is what the service runs. The compiled class is not used because
 * this module does not depend on the service (a Quarkus application) and must not need it built.
 *
 * <p>The parse is strict, so that it is exact or fails: anything that would change how SmallRye
 * names a key and that it does not model ({@code @WithName}, {@code @WithParentName}, a {@code
 * namingStrategy}, maps, lists of groups, a type declared in another file, method names with
 * consecutive capitals or digits) fails the tests with a message saying what to teach it, instead
 * of deriving a wrong set silently.
 */
final class ConfigKeys {

  private static final Pattern MAPPING =
      Pattern.compile("@ConfigMapping\\s*\\(([^)]*)\\)\\s*(?:public\\s+)?interface\\s+(\\w+)");
  private static final Pattern PREFIX_ONLY = Pattern.compile("\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*");
  private static final Pattern NESTED = Pattern.compile("\\b(interface|enum)\\s+(\\w+)\\b");
  private static final Pattern METHOD =
      Pattern.compile(
          "((?:@[\\w.]+(?:\\s*\\((?:[^()\"]|\"(?:[^\"\\\\]|\\\\.)*\")*\\))?\\s+)*)"
              + "(?:public\\s+|abstract\\s+)*"
              + "([\\w.]+(?:\\s*<[\\w.\\s,<>?]*>)?)\\s+(\\w+)\\s*\\(\\s*\\)",
          Pattern.DOTALL);
  private static final Pattern ANNOTATION = Pattern.compile("@([\\w.]+)");
  private static final Pattern GENERIC = Pattern.compile("([\\w.]+)\\s*(?:<\\s*(.*)\\s*>)?");
  private static final Pattern PLAIN_CAMEL = Pattern.compile("[a-z]+(?:[A-Z][a-z]+)*");

  /** Annotations that do not change a key's name. */
  private static final Set<String> NEUTRAL_ANNOTATIONS =
      Set.of("WithDefault", "Deprecated", "WithConverter");

  /** Value types: a method returning one of these (or an enum of the file) is one key. */
  private static final Set<String> VALUE_TYPES =
      Set.of(
          "boolean",
          "int",
          "long",
          "double",
          "float",
          "short",
          "byte",
          "char",
          "Boolean",
          "Integer",
          "Long",
          "Double",
          "Float",
          "Short",
          "Byte",
          "Character",
          "String",
          "Duration",
          "Period",
          "BigDecimal",
          "BigInteger",
          "OptionalInt",
          "OptionalLong",
          "OptionalDouble",
          "Path",
          "URI",
          "URL",
          "Instant",
          "LocalDate",
          "LocalTime");

  private final Map<String, String> interfaces = new HashMap<>();
  private final Set<String> enums = new TreeSet<>();
  private final Set<String> properties = new TreeSet<>();

  private ConfigKeys() {}

  /**
   * Every property of the mapping in {@code source}, e.g. {@code backstop.limits.max-scenarios}.
   */
  static Set<String> properties(Path source) {
    try {
      return parse(Files.readString(source), source.toString());
    } catch (IOException e) {
      throw new AssertionError("cannot read " + source, e);
    }
  }

  /** The same keys as environment variables, e.g. {@code BACKSTOP_LIMITS_MAX_SCENARIOS}. */
  static Set<String> environmentNames(Path source) {
    Set<String> names = new TreeSet<>();
    for (String property : properties(source)) {
      names.add(environmentName(property));
    }
    return names;
  }

  static String environmentName(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  static Set<String> parse(String java, String where) {
    String code = withoutComments(java);
    Matcher mapping = MAPPING.matcher(code);
    if (!mapping.find()) {
      throw new AssertionError("no @ConfigMapping interface in " + where);
    }
    Matcher prefix = PREFIX_ONLY.matcher(mapping.group(1));
    if (!prefix.matches()) {
      throw new AssertionError(
          "@ConfigMapping("
              + mapping.group(1).strip()
              + ") in "
              + where
              + ": ConfigKeys knows"
              + " only `prefix = \"...\"` (a namingStrategy would change every key's name)");
    }
    String root = mapping.group(2);
    ConfigKeys keys = new ConfigKeys();
    int open = code.indexOf('{', mapping.end());
    keys.collect(root, code.substring(open + 1, closing(code, open)), where);
    if (mapping.find()) {
      throw new AssertionError("more than one @ConfigMapping in " + where);
    }
    keys.keysOf(root, prefix.group(1), where, 0);
    if (keys.properties.isEmpty()) {
      throw new AssertionError("no configuration key found in " + where);
    }
    return keys.properties;
  }

  /** Registers an interface's body and, recursively, the interfaces and enums declared in it. */
  private void collect(String name, String body, String where) {
    interfaces.put(name, body);
    for (Member member : members(body)) {
      if (member.block == null) {
        continue;
      }
      Matcher nested = NESTED.matcher(member.head);
      if (nested.find()) {
        if (nested.group(1).equals("enum")) {
          enums.add(nested.group(2));
        } else {
          collect(nested.group(2), member.block, where);
        }
      }
    }
  }

  private void keysOf(String type, String prefix, String where, int depth) {
    if (depth > 10) {
      throw new AssertionError("groups nested too deep (a cycle?) at " + prefix + " in " + where);
    }
    for (Member member : members(interfaces.get(type))) {
      String head = member.head.strip();
      if (member.block != null) {
        if (NESTED.matcher(head).find() || head.matches("(?s).*\\b(default|static)\\b.*")) {
          continue; // a nested type (registered already) or a method with a body: no key
        }
        throw new AssertionError("ConfigKeys cannot read `" + head + " {` in " + where);
      }
      if (head.isEmpty() || head.contains("=")) {
        continue; // a constant, no key
      }
      Matcher method = METHOD.matcher(head);
      if (!method.matches()) {
        throw new AssertionError("ConfigKeys cannot read the member `" + head + "` in " + where);
      }
      Matcher annotation = ANNOTATION.matcher(method.group(1));
      while (annotation.find()) {
        String simple = annotation.group(1).replaceAll(".*\\.", "");
        if (!NEUTRAL_ANNOTATIONS.contains(simple)) {
          throw new AssertionError(
              "@"
                  + simple
                  + " on "
                  + method.group(3)
                  + "() in "
                  + where
                  + ": ConfigKeys does not"
                  + " model it; teach it how the annotation changes the key's name");
        }
      }
      String name = method.group(3);
      if (!PLAIN_CAMEL.matcher(name).matches()) {
        throw new AssertionError(
            name
                + "() in "
                + where
                + ": ConfigKeys splits only plain camelCase names into"
                + " kebab-case (no consecutive capitals or digits); teach it SmallRye's rule");
      }
      String property =
          prefix + "." + name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
      String group = group(method.group(2), property, where);
      if (group == null) {
        properties.add(property);
      } else {
        keysOf(group, property, where, depth + 1);
      }
    }
  }

  /** The group interface a method returns, or null for a value; fails on what it cannot tell. */
  private String group(String returnType, String property, String where) {
    Matcher generic = GENERIC.matcher(returnType.strip());
    if (!generic.matches()) {
      throw new AssertionError("cannot read the type " + returnType + " of " + property);
    }
    String raw = generic.group(1).replaceAll(".*\\.", "");
    String argument = generic.group(2) == null ? null : generic.group(2).strip();
    if (interfaces.containsKey(raw)) {
      return raw;
    }
    if (VALUE_TYPES.contains(raw) || enums.contains(raw)) {
      return null;
    }
    if (raw.equals("Optional") && argument != null) {
      return group(argument, property, where); // an optional value, or an optional group
    }
    if ((raw.equals("List") || raw.equals("Set")) && argument != null) {
      if (group(argument, property, where) == null) {
        return null; // a comma-separated value
      }
    }
    throw new AssertionError(
        property
            + " in "
            + where
            + " is a "
            + returnType
            + ": ConfigKeys cannot tell its keys"
            + " (a map, a list of groups, or a type declared in another file); teach it");
  }

  // --- Java source, just enough of it ----------------------------------------------------------

  /** A member of a type body: a statement ending in ';', or a head followed by a {block}. */
  private record Member(String head, String block) {}

  /** The top-level members of a type body. */
  private static List<Member> members(String body) {
    List<Member> members = new ArrayList<>();
    StringBuilder head = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '"' || c == '\'') {
        int end = endOfLiteral(body, i);
        head.append(body, i, end);
        i = end - 1;
      } else if (c == ';') {
        members.add(new Member(head.toString(), null));
        head.setLength(0);
      } else if (c == '{') {
        int end = closing(body, i);
        members.add(new Member(head.toString(), body.substring(i + 1, end)));
        head.setLength(0);
        i = end;
      } else {
        head.append(c);
      }
    }
    if (!head.toString().isBlank()) {
      throw new AssertionError("unterminated member: " + head.toString().strip());
    }
    return members;
  }

  /** The index of the brace that closes the one at {@code open}, skipping literals. */
  private static int closing(String code, int open) {
    int depth = 0;
    for (int i = open; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '"' || c == '\'') {
        i = endOfLiteral(code, i) - 1;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    throw new AssertionError("unbalanced braces in the configuration interface");
  }

  /** The index after the string or char literal starting at {@code start}. */
  private static int endOfLiteral(String code, int start) {
    char quote = code.charAt(start);
    if (code.startsWith("\"\"\"", start)) {
      int end = code.indexOf("\"\"\"", start + 3);
      if (end < 0) {
        throw new AssertionError("unterminated text block");
      }
      return end + 3;
    }
    for (int i = start + 1; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == quote) {
        return i + 1;
      }
    }
    throw new AssertionError("unterminated literal");
  }

  /** The code with its comments blanked out (literals kept, so a "//" in a default survives). */
  static String withoutComments(String java) {
    StringBuilder out = new StringBuilder(java.length());
    for (int i = 0; i < java.length(); i++) {
      char c = java.charAt(i);
      if (c == '"' || c == '\'') {
        int end = endOfLiteral(java, i);
        out.append(java, i, end);
        i = end - 1;
      } else if (java.startsWith("//", i)) {
        int end = java.indexOf('\n', i);
        i = (end < 0 ? java.length() : end) - 1;
        out.append(' ');
      } else if (java.startsWith("/*", i)) {
        int end = java.indexOf("*/", i + 2);
        if (end < 0) {
          throw new AssertionError("unterminated comment");
        }
        i = end + 1;
        out.append(' ');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
