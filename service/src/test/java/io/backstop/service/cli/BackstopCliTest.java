package io.backstop.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process: output and exit codes (0 ok, 2 bad input, 1 other). */
class BackstopCliTest {

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        BackstopCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyHelpTextRendersWithoutAPicocliWarning() {
    // picocli formats descriptions with String.format: a lone % is warned about on System.err.
    PrintStream original = System.err;
    var captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (String command : new String[] {"quote", "collateral", "stress", "info", "load"}) {
        Run r = run(command, "--help");
        assertEquals(0, r.code(), command + ": " + r.err());
        assertTrue(r.out().contains("Usage"), command + ": " + r.out());
      }
      assertEquals(0, run("--help").code());
    } finally {
      System.setErr(original);
    }
    String warnings = captured.toString(StandardCharsets.UTF_8);
    assertTrue(!warnings.contains("WARN"), warnings);
  }

  @Test
  void infoPrintsTheModelVersionAndLimits() {
    Run r = run("info");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Backstop model " + io.backstop.core.ModelVersion.CURRENT));
    assertTrue(r.out().contains("Request limits"));
  }

  @Test
  void infoAsJsonUsesTheProtoJsonNames() {
    Run r = run("info", "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"modelVersion\""), r.out());
    assertTrue(r.out().contains("\"maxScenarios\""), r.out());
  }

  @Test
  void quotePrintsThePremiumTailAndCascade(@TempDir Path dir) throws Exception {
    Path file = smallExample(dir, 300);
    Run r = run("quote", file.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Premium for the cover layer"), r.out());
    assertTrue(r.out().contains("VaR / ES 99.00%"), r.out());
    assertTrue(r.out().contains("Cascade index"), r.out());
  }

  @Test
  void quoteAsJsonParsesBackIntoTheResponse(@TempDir Path dir) throws Exception {
    Path file = smallExample(dir, 300);
    Run r = run("quote", file.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    var response = io.backstop.proto.v1.QuoteCoverResponse.newBuilder();
    com.google.protobuf.util.JsonFormat.parser().merge(r.out(), response);
    assertEquals(300, response.getTailLoss().getScenarios());
    assertEquals(64, response.getProvenance().getRequestSha256().length());
  }

  @Test
  void stressWithAShockPrintsTheRounds() {
    Run r = run("stress", "../examples/crypto-lending.json", "--shock", "WETH=-0.3");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("round"), r.out());
    assertTrue(r.out().contains("Bad debt"), r.out());
  }

  @Test
  void aBadFieldIsBadInputWithItsProtoPath(@TempDir Path dir) throws Exception {
    String json =
        Files.readString(Path.of("..", "examples", "crypto-lending.json"))
            .replaceFirst("\"priceUsd\": 3400", "\"priceUsd\": -3400");
    Path file = dir.resolve("bad.json");
    Files.writeString(file, json);
    Run r = run("quote", file.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("exposure.assets[0].price_usd: must be at least 1e-12"), r.err());
  }

  static Path smallExample(Path dir, int scenarios) throws Exception {
    String json =
        Files.readString(Path.of("..", "examples", "crypto-lending.json"))
            .replaceFirst("\"scenarios\": 10000", "\"scenarios\": " + scenarios);
    Path file = dir.resolve("small.json");
    Files.writeString(file, json);
    return file;
  }

  @Test
  void aMissingFileIsBadInput() {
    Run r = run("quote", "no-such-file.json");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("no-such-file.json does not exist"), r.err());
  }

  @Test
  void malformedJsonIsBadInputNamingTheMessageType(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"exposure\": {\"asets\": []}}");
    Run r = run("quote", file.toString());
    assertEquals(2, r.code());
    // Named by its path, with the fields the message has.
    assertTrue(r.err().contains("exposure.asets"), r.err());
    assertTrue(r.err().contains("unknown field of backstop.v1.ProtocolExposure (known: "), r.err());
  }

  @Test
  void anUnknownOptionIsBadInputWithUsage() {
    Run r = run("quote", "--no-such-option", "x.json");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Usage"), r.err());
  }

  @Test
  void aMalformedShockIsBadInput() {
    Run r = run("stress", "x.json", "--shock", "WETH=minus-thirty");
    assertEquals(2, r.code());
  }

  @Test
  void everyCommandPrintsTheVersionAndHelpIsACommand() {
    for (String command : new String[] {"quote", "collateral", "stress", "info", "load"}) {
      Run r = run(command, "-V");
      assertEquals(0, r.code(), command);
      assertTrue(
          r.out().contains("model " + io.backstop.core.ModelVersion.CURRENT), command + r.out());
    }
    Run help = run("help", "quote");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().contains("Usage: backstop quote"), help.out());
  }

  @Test
  void aLoadInWhichNoCallSucceedsFailsAndSaysWhy() {
    // Nothing listens on port 1: every call is UNAVAILABLE; the figures measure nothing.
    Run r =
        run(
            "load",
            "../examples/crypto-lending.json",
            "--target",
            "localhost:1",
            "--requests",
            "2",
            "--concurrency",
            "1",
            "--warmup",
            "0",
            "--duration",
            "30s");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("UNAVAILABLE"), r.out());
    assertTrue(r.err().contains("no call succeeded"), r.err());
    // With a warm-up, its first call says what is wrong, as the same call in-process would.
    Run warm =
        run("load", "../examples/crypto-lending.json", "--target", "localhost:1", "--warmup", "1");
    assertEquals(1, warm.code(), warm.out() + warm.err());
    assertTrue(warm.err().contains("could not reach a Backstop server at localhost:1"), warm.err());
    Run badDuration = run("load", "../examples/crypto-lending.json", "--duration", "soon");
    assertEquals(2, badDuration.code());
    assertTrue(badDuration.err().contains("500ms, 30s, 5m, 1h"), badDuration.err());
  }

  @Test
  void aLoadOfCollateralAssessmentsRunsInProcess() {
    Run r =
        run(
            "load",
            "../examples/crypto-lending.json",
            "--rpc",
            "collateral",
            "--scenarios",
            "200",
            "--requests",
            "3",
            "--concurrency",
            "1",
            "--warmup",
            "0");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("{OK=3}"), r.out());
    Run unknown = run("load", "../examples/crypto-lending.json", "--rpc", "premium");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("quote, collateral, stress or info"), unknown.err());
  }

  @Test
  void anUnreachableTargetIsOneLineThatSaysWhatToCheck() {
    Run r = run("quote", "../examples/crypto-lending.json", "--target", "localhost:1");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("could not reach a Backstop server at localhost:1"), r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void anAssetShockedTwiceIsReportedNotSilentlyReplaced() {
    Run r =
        run(
            "stress",
            "../examples/crypto-lending.json",
            "--shock",
            "WETH=-0.3",
            "--shock",
            "WETH=-0.1");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("shocks[1].asset_id"), r.err());
    Run bad = run("stress", "../examples/crypto-lending.json", "--shock", "WETH");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("write ASSET=FRACTION"), bad.err());
    assertTrue(bad.err().contains("Usage: backstop stress"), bad.err());
  }

  @Test
  void aFileTheJsonParserRefusesNamesTheBadValueAndWhatIsAllowed() throws Exception {
    String example =
        java.nio.file.Files.readString(java.nio.file.Path.of("../examples/crypto-lending.json"));
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("backstop-cli");
    java.nio.file.Path enumName = dir.resolve("enum.json");
    java.nio.file.Files.writeString(
        enumName, example.replaceFirst("\"ASSET_CLASS_CRYPTO\"", "\"CRYPTO\""));
    Run r = run("quote", enumName.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("exposure.assets[0].asset_class"), r.err());
    assertTrue(r.err().contains("\"CRYPTO\" is not a backstop.v1.AssetClass (allowed:"), r.err());
    java.nio.file.Path number = dir.resolve("number.json");
    java.nio.file.Files.writeString(
        number, example.replaceFirst("\"priceUsd\": 3400", "\"priceUsd\": \"abc\""));
    Run n = run("quote", number.toString());
    assertEquals(2, n.code());
    assertTrue(n.err().contains("exposure.assets[0].price_usd"), n.err());
    java.nio.file.Path cut = dir.resolve("cut.json");
    java.nio.file.Files.writeString(cut, example.substring(0, 300));
    Run c = run("quote", cut.toString());
    assertEquals(2, c.code());
    assertTrue(c.err().contains("is not JSON"), c.err());
    assertTrue(!c.err().contains("Exception") && !c.err().contains("https://"), c.err());
  }

  @Test
  void aRequestFileIsStrictJsonWithTheLineAndColumnOfWhatIsWrong(@TempDir Path dir)
      throws Exception {
    String example = Files.readString(Path.of("..", "examples", "crypto-lending.json"));
    // protobuf's lenient parser priced the first object, ignored trailing garbage, kept the last
    // of a name given twice (a second priceUsd repriced the cover) and read unquoted names.
    String[][] cases = {
      {example + example, "more content after the request"},
      {example.stripTrailing() + " x", "more content after the request"},
      {
        example.replaceFirst("\"priceUsd\": 3400", "\"priceUsd\": 3400, \"priceUsd\": 34"),
        "the name \"priceUsd\" appears twice in the same object"
      },
      {example.replaceFirst("\"exposure\"", "exposure"), "names must be in double quotes"},
      {example.replaceFirst("\"exposure\"", "'exposure'"), "names must be in double quotes"},
      {example.replaceFirst("\\{", "{ // a comment\n"), "comments are not JSON"},
    };
    for (String[] c : cases) {
      Path file = dir.resolve("strict.json");
      Files.writeString(file, c[0]);
      Run r = run("quote", file.toString());
      assertEquals(2, r.code(), c[1] + ": " + r.out() + r.err());
      assertTrue(r.err().contains(c[1]), r.err());
      assertTrue(r.err().contains(file + ", line "), r.err());
      assertTrue(r.err().contains(", column "), r.err());
      assertTrue(r.out().isEmpty(), r.out());
    }
    // Where: the second name's line, and the column after it where Jackson's duplicate detection
    // stops.
    Path twice = dir.resolve("twice.json");
    Files.writeString(twice, "{\"cover\": {\n  \"limitUsd\": 1,\n  \"limitUsd\": 2}}");
    Run r = run("quote", twice.toString());
    assertTrue(
        r.err()
            .contains(
                twice
                    + ", line 3, column 13: the name \"limitUsd\" appears twice in the same"
                    + " object"),
        r.err());
    // The same name in two objects is two fields; a byte order mark is read past as before.
    Path bom = dir.resolve("bom.json");
    Files.writeString(bom, "\uFEFF" + smallExampleJson(200));
    Run ok = run("quote", bom.toString(), "--json");
    assertEquals(0, ok.code(), ok.err());
  }

  static String smallExampleJson(int scenarios) throws Exception {
    return Files.readString(Path.of("..", "examples", "crypto-lending.json"))
        .replaceFirst("\"scenarios\": 10000", "\"scenarios\": " + scenarios);
  }

  @Test
  void aDashReadsTheRequestFromStandardInput() throws Exception {
    // `cat request.json | backstop quote -`, as Unix tools take "-" (it said "- does not exist").
    java.io.InputStream saved = System.in;
    try {
      System.setIn(
          new java.io.ByteArrayInputStream(smallExampleJson(200).getBytes(StandardCharsets.UTF_8)));
      Run r = run("quote", "-", "--json");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("\"premiumUsd\""), r.out());
      System.setIn(
          new java.io.ByteArrayInputStream("{\"cover\": 1} x".getBytes(StandardCharsets.UTF_8)));
      Run bad = run("quote", "-");
      assertEquals(2, bad.code());
      assertTrue(bad.err().contains("more content after the request"), bad.err());
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void outputThatCannotBeWrittenIsAFailure() {
    // As `backstop info --json > /dev/full`: every write fails.
    var full =
        new java.io.OutputStream() {
          @Override
          public void write(int b) throws java.io.IOException {
            throw new java.io.IOException("No space left on device");
          }
        };
    var err = new ByteArrayOutputStream();
    int code =
        BackstopCli.run(
            new String[] {"info", "--json"},
            new PrintStream(full, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, code);
    assertEquals(
        "backstop: cannot write to standard output", err.toString(StandardCharsets.UTF_8).strip());
  }

  @Test
  void aMistypedCommandIsBadInputNamingTheCommands() {
    Run r = run("qoute", "x.json");
    assertEquals(2, r.code());
    assertEquals(
        "backstop: unknown command 'qoute' (commands: quote, collateral, stress, info, load,"
            + " serve, help)",
        r.err().strip());
    // An unknown option is still picocli's message with the usage.
    Run option = run("--bogus");
    assertEquals(2, option.code());
    assertTrue(option.err().contains("Unknown option: '--bogus'"), option.err());
  }

  @Test
  void aTargetThatIsNotHostColonPortIsBadInputBeforeAnyCall() {
    for (String[] c :
        new String[][] {
          {"info", "--target", "http://localhost:9661"},
          {"info", "--target", "localhost"},
          {"quote", "../examples/crypto-lending.json", "--target", "dns://resolver/backstop:9000"},
          {"load", "../examples/crypto-lending.json", "--target", "grpc://localhost:9000"},
        }) {
      Run r = run(c);
      assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
      assertTrue(
          r.err()
              .startsWith(
                  "backstop: --target takes HOST:PORT (or dns:///HOST:PORT), e.g. localhost:9000"
                      + " (was '"
                      + c[c.length - 1]
                      + "')"),
          r.err());
    }
    // gRPC's own form for a headless Service's addresses passes the check (no server: the call
    // fails as a transport error, exit 1, not as bad input).
    Run dns = run("info", "--target", "dns:///localhost:1");
    assertEquals(1, dns.code(), dns.err());
    assertFalse(dns.err().contains("--target takes"), dns.err());
    for (String port : new String[] {"0", "65536", "99999"}) {
      Run r = run("info", "--target", "localhost:" + port);
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("--target's port must be from 1 to 65535"), r.err());
    }
  }

  @Test
  void anHttpAnswerAsksWhetherTheTargetIsTheManagementPort() {
    // What grpc-java reports when an HTTP server that is not gRPC answers (serve's port 9090).
    var notGrpc =
        io.grpc.Status.UNIMPLEMENTED
            .withDescription(
                "HTTP status code 404\ninvalid content-type: text/html; charset=utf-8\n"
                    + "headers: Metadata(:status=404,content-type=text/html)")
            .asRuntimeException();
    String message = GrpcClient.fromStatus(notGrpc, "localhost:9090").getMessage();
    assertEquals(
        "the server at localhost:9090 does not answer gRPC (HTTP status code 404, invalid"
            + " content-type: text/html; charset=utf-8; is this the management port? gRPC is on"
            + " serve's --port, 9000 by default)",
        message);
  }

  @Test
  void helpTextsStateTheirDefaultsAndTheTopLevelEndsWithAnExampleAndTheExitCodes() {
    Run top = run("--help");
    assertEquals(0, top.code(), top.err());
    assertTrue(
        top.out().contains("Examples:\n  backstop quote examples/crypto-lending.json"), top.out());
    assertTrue(
        top.out()
            .stripTrailing()
            .endsWith("Exit codes: 0 ok, 2 bad input (each bad field named), 1 any other failure."),
        top.out());
    String stress = run("stress", "--help").out().replaceAll("\\s+", " ");
    assertTrue(
        stress.contains(
            "at most "
                + io.backstop.service.app.RequestLimits.DEFAULT.maxRounds()
                + ", the published limit (default "
                + io.backstop.service.app.PricingApplication.DEFAULT_MAX_ROUNDS
                + "; 0 too)"),
        stress);
    String quote = run("quote", "--help").out().replaceAll("\\s+", " ");
    assertTrue(
        quote.contains("(default: on when stderr is a terminal, CI is unset and TERM is not dumb)"),
        quote);
  }
}
