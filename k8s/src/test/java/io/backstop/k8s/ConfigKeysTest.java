package io.backstop.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ConfigKeys} names the keys as SmallRye does, and refuses what it does not model. */
class ConfigKeysTest {

  @Test
  void readsTheServicesOwnKeys() {
    Set<String> names = ConfigKeys.environmentNames(Repo.backstopConfig());
    for (String name :
        Set.of(
            "BACKSTOP_CAPACITY_BUDGET_COST",
            "BACKSTOP_CAPACITY_MAX_CONCURRENT",
            "BACKSTOP_CAPACITY_QUEUE_SIZE",
            "BACKSTOP_CAPACITY_QUEUE_TIMEOUT",
            "BACKSTOP_LIMITS_MAX_SCENARIOS",
            "BACKSTOP_LIMITS_MAX_SCENARIO_STEPS",
            "BACKSTOP_SHUTDOWN_DRAIN_TIMEOUT",
            "BACKSTOP_WARMUP_ENABLED")) {
      assertTrue(names.contains(name), name + " in " + names);
    }
    assertFalse(
        names.contains("BACKSTOP_LIMITS_TO_REQUEST_LIMITS"), "a default method is not a key");
    assertFalse(names.contains("BACKSTOP_LIMITS"), "a group is not a key");
  }

  @Test
  void groupsOptionalValuesCommentsAndLiterals() {
    String java =
        """
        package x;
        // interface Commented { int notAKey(); }
        @ConfigMapping(prefix = "app")
        public interface AppConfig {
          /** A group: {@code server.*}. */
          Server server();
          Optional<Tls> tls();
          @WithDefault("a;b{c}//d")
          String odd();
          List<String> names();
          Mode mode();
          int CONSTANT = 1;
          default int twice() { return 2 * server().port(); }
          enum Mode { FAST, SLOW }
          interface Server {
            @WithDefault("80") int port();
            OptionalInt maxIdleConnections();
          }
          interface Tls {
            boolean enabled();
          }
        }
        """;
    assertEquals(
        Set.of(
            "app.server.port",
            "app.server.max-idle-connections",
            "app.tls.enabled",
            "app.odd",
            "app.names",
            "app.mode"),
        ConfigKeys.parse(java, "AppConfig.java"));
  }

  @Test
  void environmentNameOfAKey() {
    assertEquals(
        "BACKSTOP_LIMITS_MAX_SCENARIO_STEPS",
        ConfigKeys.environmentName("backstop.limits.max-scenario-steps"));
  }

  @Test
  void refusesRenamedKeys() {
    assertRefused("@WithName", "@WithName(\"size\") int queueSize();");
  }

  @Test
  void refusesMaps() {
    assertRefused("Map<String, String>", "Map<String, String> tags();");
  }

  @Test
  void refusesTypesOfOtherFiles() {
    assertRefused("Elsewhere", "Elsewhere elsewhere();");
  }

  @Test
  void refusesNamesItCannotSplit() {
    assertRefused("maxURLLength", "int maxURLLength();");
  }

  @Test
  void refusesANamingStrategy() {
    AssertionError error =
        assertThrows(
            AssertionError.class,
            () ->
                ConfigKeys.parse(
                    "@ConfigMapping(prefix = \"a\", namingStrategy = VERBATIM) interface A {"
                        + " int x(); }",
                    "A.java"));
    assertTrue(error.getMessage().contains("namingStrategy"), error.getMessage());
  }

  private static void assertRefused(String expected, String member) {
    String java = "@ConfigMapping(prefix = \"a\") interface A { int ok(); " + member + " }";
    AssertionError error =
        assertThrows(AssertionError.class, () -> ConfigKeys.parse(java, "A.java"));
    assertTrue(error.getMessage().contains(expected), error.getMessage());
  }
}
