package io.backstop.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./backstop} launcher as a user runs it, after {@code package}: in-process commands,
 * exit codes, and {@code serve} answering a {@code --target} call.
 */
class LauncherIT {
  private static final Path ROOT =
      Path.of(System.getProperty("backstop.root", "..")).toAbsolutePath().normalize();

  record Result(int code, String out, String err) {}

  static Result launch(String... args) throws Exception {
    Path out = Files.createTempFile("backstop-out", ".txt");
    Path err = Files.createTempFile("backstop-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command(args)).directory(ROOT.toFile());
    pb.environment().put("BACKSTOP_NO_BUILD", "1");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("backstop " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static List<String> command(String... args) {
    var cmd = new java.util.ArrayList<String>();
    cmd.add(ROOT.resolve("backstop").toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void infoRunsInProcess() throws Exception {
    Result r = launch("info");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Request limits"), r.out());
  }

  @Test
  void helpServePrintsServesUsage() throws Exception {
    // The top-level help names serve; `help serve` prints what `serve --help` does.
    Result help = launch("help", "serve");
    assertEquals(0, help.code(), help.err());
    assertEquals(launch("serve", "--help").out(), help.out());
    assertTrue(help.out().startsWith("Usage: backstop serve [--port N]"), help.out());
  }

  @Test
  void badInputExitsWithTwo() throws Exception {
    Result r = launch("quote", "examples/does-not-exist.json");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("does not exist"), r.err());
    for (String[] serve :
        new String[][] {
          {"serve", "--port"}, {"serve", "--port", "abc"}, {"serve", "--port=99999"}
        }) {
      Result s = launch(serve);
      assertEquals(2, s.code(), String.join(" ", serve) + ": " + s.err());
      assertTrue(s.err().contains("needs a port number (0-65535)"), s.err());
    }
  }

  @Test
  void serveAnswersTargetCalls() throws Exception {
    int port = freePort();
    int managementPort = freePort();
    Path log = Files.createTempFile("backstop-serve", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                command("serve", "--port", "" + port, "--management-port", "" + managementPort))
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("BACKSTOP_NO_BUILD", "1");
    Process server = pb.start();
    try {
      Result r = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        r = launch("info", "--target", "localhost:" + port, "--json");
        if (r.code() == 0) {
          break;
        }
        assertTrue(server.isAlive(), "server exited: " + Files.readString(log));
        Thread.sleep(500);
      }
      assertEquals(0, r.code(), r.err() + Files.readString(log));
      assertTrue(r.out().contains("\"modelVersion\""), r.out());
      // The management port answers HTTP, not gRPC: the error says which port is gRPC's.
      Result management = launch("info", "--target", "localhost:" + managementPort);
      assertEquals(1, management.code(), management.err());
      assertTrue(
          management.err().contains("is this the management port? gRPC is on serve's --port"),
          management.err());
      // The same output in-process and remote.
      Result local = launch("info", "--json");
      assertEquals(local.out(), r.out());
      // The load benchmark: bounded by its request count, every call accounted for.
      Result load =
          launch(
              "load",
              "examples/crypto-lending.json",
              "--target",
              "localhost:" + port,
              "--rpc",
              "info",
              "--concurrency",
              "2",
              "--requests",
              "20",
              "--warmup",
              "0");
      assertEquals(0, load.code(), load.err());
      assertTrue(load.out().contains("20 calls"), load.out());
      assertTrue(load.out().contains("{OK=20}"), load.out());
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }
}
