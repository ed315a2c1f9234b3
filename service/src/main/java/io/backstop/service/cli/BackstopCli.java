package io.backstop.service.cli;

import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.Shock;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.service.app.BackstopException;
import io.backstop.service.app.FieldViolation;
import io.backstop.service.app.PricingApplication;
import io.backstop.service.app.RequestLimits;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code backstop} command line. Prices request files in-process by default (no server), or
 * calls a running server with {@code --target}; both go through the same application code and print
 * the same output. Exit codes: 0 ok, 2 bad input, 1 any other failure.
 */
@Command(
    name = "backstop",
    mixinStandardHelpOptions = true,
    versionProvider = BackstopCli.Version.class,
    description = {
      "Prices liquidation-cascade risk of a DeFi protocol: cover premiums, tail loss, cascade"
          + " index and risk-adjusted collateral ratios.",
      "Request files are the proto3 JSON of backstop.v1.QuoteCoverRequest (see examples/).",
      "`backstop serve [--port N] [--management-port M]` starts the gRPC server (a command of the"
          + " launcher script, so not in the list below)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  backstop quote examples/crypto-lending.json",
      "  backstop quote examples/crypto-lending.json --target localhost:9000 --json",
      "",
      "Exit codes: 0 ok, 2 bad input (each bad field named), 1 any other failure."
    },
    subcommands = {
      BackstopCli.Quote.class,
      BackstopCli.Collateral.class,
      BackstopCli.Stress.class,
      BackstopCli.Info.class,
      LoadCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BackstopCli {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILURE = 1;
  static final int EXIT_BAD_INPUT = 2;

  /** Held here: java.util.logging forgets the level of a logger nobody references. */
  private static final List<java.util.logging.Logger> QUIET =
      List.of(
          java.util.logging.Logger.getLogger("io.grpc"),
          java.util.logging.Logger.getLogger("org.hibernate.validator"));

  final PrintStream out;
  final PrintStream err;

  private BackstopCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * grpc-java's own logger, kept quiet on the command line: an unreachable --target would otherwise
   * print a WARNING and a stack trace before the one-line error that says what to do. Held in a
   * field so that the setting is not collected with the logger.
   */
  private static final java.util.logging.Logger GRPC_LOG =
      java.util.logging.Logger.getLogger("io.grpc");

  public static void main(String[] args) {
    // UTF-8 whatever the locale: under LC_ALL=C (a container without a locale, a CI log) Java 17
    // writes the platform's ASCII and every "±" and "·" of the summary came out as "?".
    System.setOut(utf8(java.io.FileDescriptor.out));
    System.setErr(utf8(java.io.FileDescriptor.err));
    System.exit(run(args, System.out, System.err));
  }

  private static PrintStream utf8(java.io.FileDescriptor fd) {
    return new PrintStream(new java.io.FileOutputStream(fd), true, StandardCharsets.UTF_8);
  }

  /** Runs the command line and returns its exit code; the streams are parameters for tests. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new BackstopCli(out, err));
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExitCodeExceptionMapper(e -> EXIT_FAILURE);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof BackstopException.InvalidRequest invalid) {
            err.println("backstop: the request is not valid:");
            for (FieldViolation v : invalid.violations()) {
              err.println("  " + v.field() + ": " + v.description());
            }
            return EXIT_BAD_INPUT;
          }
          if (e instanceof BackstopException be) {
            err.println("backstop: " + be.getMessage());
            return EXIT_FAILURE;
          }
          err.println("backstop: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          return EXIT_FAILURE;
        });
    cli.setParameterExceptionHandler(
        (e, args1) -> {
          if (e instanceof CommandLine.UnmatchedArgumentException unmatched
              && unmatched.getCommandLine() == cli
              && !unmatched.getUnmatched().isEmpty()
              && !unmatched.getUnmatched().get(0).startsWith("-")) {
            // A mistyped command: one line naming the commands, not picocli's "Unmatched
            // argument at index 0" and the whole usage.
            err.println(
                "backstop: unknown command '"
                    + unmatched.getUnmatched().get(0)
                    + "' (commands: "
                    + String.join(", ", commandNames(cli))
                    + ")");
            return EXIT_BAD_INPUT;
          }
          err.println("backstop: " + e.getMessage());
          e.getCommandLine().usage(err);
          return EXIT_BAD_INPUT;
        });
    // The request's own field messages are what a user needs; keep library chatter quiet.
    for (java.util.logging.Logger logger : QUIET) {
      logger.setLevel(java.util.logging.Level.WARNING);
    }
    GRPC_LOG.setLevel(java.util.logging.Level.OFF);
    int code = cli.execute(args);
    // A PrintStream keeps its write errors to itself: output to a full disk or a closed pipe
    // would otherwise be lost with exit 0.
    if (out.checkError()) {
      // A reader that stopped early (`| head`) is no news to the user: the status says it, as a
      // pipe's writer killed by SIGPIPE would, without a message; a full disk or a bad device is.
      if (!(out == System.out && stdoutIsPipe())) {
        err.println("backstop: cannot write to standard output");
      }
      return code == EXIT_OK ? EXIT_FAILURE : code;
    }
    return code;
  }

  /** Standard output is a pipe (Linux: /proc/self/fd/1 names one); false where it cannot tell. */
  private static boolean stdoutIsPipe() {
    try {
      return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/1"))
          .toString()
          .startsWith("pipe:");
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** The commands a user can type: picocli's, and the launcher's {@code serve} before help. */
  private static List<String> commandNames(CommandLine cli) {
    List<String> names = new ArrayList<>(cli.getSubcommands().keySet());
    names.add(names.indexOf("help"), "serve");
    return names;
  }

  /** The response as proto3 JSON with {@code --json}, else the readable summary. */
  void print(
      Transport transport,
      com.google.protobuf.Message response,
      java.util.function.Consumer<SummaryPrinter> summary) {
    if (transport.json) {
      out.println(RequestFiles.toJson(response));
    } else {
      summary.accept(new SummaryPrinter(out));
    }
  }

  /** Options every command shares: where the calls go and how results are printed. */
  static final class Transport {
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec command;

    String target;

    @Option(
        names = "--target",
        paramLabel = "HOST:PORT",
        description = "Call a running Backstop server instead of pricing in-process.")
    void target(String value) {
      target = GrpcClient.checkTarget(value, command.commandLine());
    }

    @Option(names = "--json", description = "Print the response as proto3 JSON on stdout.")
    boolean json;

    @Option(
        names = "--progress",
        negatable = true,
        description =
            "Show a progress bar on stderr (default: on when stderr is a terminal, CI is unset"
                + " and TERM is not dumb).")
    Boolean progress;

    private java.util.function.Supplier<jakarta.validation.Validator> validator;

    /**
     * In-process, starts the validator's bootstrap now, on another thread, so that it overlaps
     * reading the request file; a command calls this first. (`info` validates nothing and never
     * starts it.)
     */
    Transport prepare() {
      if (target == null && validator == null) {
        validator = PricingApplication.validatorInBackground();
      }
      return this;
    }

    /**
     * In-process, the validator is the one {@link #prepare} started, or (for a command that did
     * not) one started at the first validation.
     */
    PricingClient open() {
      return target == null
          ? new InProcessClient(
              PricingApplication.standalone(
                  PricingApplication.corePool(), () -> prepare().validator.get()))
          : new GrpcClient(target, GrpcClient.MAX_RESPONSE_BYTES);
    }

    boolean showProgress() {
      return progress != null ? progress : "1".equals(System.getenv("BACKSTOP_PROGRESS"));
    }
  }

  private static QuoteCoverRequest readQuote(Path file) {
    return RequestFiles.read(
            file, QuoteCoverRequest.newBuilder(), RequestLimits.DEFAULT.maxMessageBytes())
        .build();
  }

  @Command(
      name = "quote",
      mixinStandardHelpOptions = true,
      versionProvider = BackstopCli.Version.class,
      description =
          "Price the cover layer of a request file: premium and its parts, tail loss, cascade"
              + " index, collateral table.")
  static final class Quote implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand BackstopCli parent;

    @Parameters(
        paramLabel = "FILE",
        description = "QuoteCoverRequest as proto3 JSON (- reads standard input).")
    Path file;

    @Option(
        names = "--report",
        paramLabel = "FILE",
        description = "Also write a self-contained HTML report (charts and tables) to FILE.")
    Path report;

    @Mixin Transport transport;

    @Override
    public Integer call() {
      transport.prepare();
      QuoteCoverRequest request = readQuote(file);
      ProgressBar bar = transport.showProgress() ? new ProgressBar(parent.err) : null;
      try (PricingClient client = transport.open()) {
        var response = client.quote(request, bar != null ? bar : p -> {});
        if (bar != null) {
          bar.finish(); // before the summary, so it does not share the bar's line
        }
        parent.print(transport, response, printer -> printer.quote(response));
        if (report != null) {
          io.backstop.service.report.Reports.write(
              report, io.backstop.service.report.Reports.quote(request, response));
        }
      } finally {
        if (bar != null) {
          bar.finish();
        }
      }
      return EXIT_OK;
    }
  }

  @Command(
      name = "collateral",
      mixinStandardHelpOptions = true,
      versionProvider = BackstopCli.Version.class,
      description =
          "Risk-adjusted max LTV, liquidation threshold and bonus per collateral asset, in the base"
              + " and the high-volatility regime (--json: the low-volatility one too).")
  static final class Collateral implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand BackstopCli parent;

    @Parameters(
        paramLabel = "FILE",
        description = "QuoteCoverRequest as proto3 JSON (- reads standard input).")
    Path file;

    @Option(
        names = "--target-probability",
        paramLabel = "P",
        description =
            "Probability of a drop beyond the haircut, from 0.0001 to below 0.5 (default 0.01).")
    double targetProbability;

    @Mixin Transport transport;

    @Override
    public Integer call() {
      transport.prepare();
      QuoteCoverRequest quote = readQuote(file);
      AssessCollateralRequest request =
          AssessCollateralRequest.newBuilder()
              .setExposure(quote.getExposure())
              .setSettings(quote.getSettings())
              .setTargetProbability(targetProbability)
              .build();
      try (PricingClient client = transport.open()) {
        var response = client.assessCollateral(request);
        parent.print(transport, response, printer -> printer.assessCollateral(response));
      }
      return EXIT_OK;
    }
  }

  @Command(
      name = "stress",
      mixinStandardHelpOptions = true,
      versionProvider = BackstopCli.Version.class,
      description =
          "Deterministic what-if: the cascade after given shocks, round by round. Without"
              + " --shock, every asset falls 30%%.")
  static final class Stress implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand BackstopCli parent;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
        paramLabel = "FILE",
        description = "QuoteCoverRequest as proto3 JSON (- reads standard input).")
    Path file;

    @Option(
        names = "--shock",
        paramLabel = "ASSET=FRACTION",
        description =
            "Shock of one asset, e.g. --shock WETH=-0.3 (a 30%% fall). Repeatable, one per asset.")
    List<String> shocks;

    @Option(
        names = "--max-rounds",
        paramLabel = "N",
        description =
            "Cap on cascade rounds, at most 100, the published limit (default "
                + PricingApplication.DEFAULT_MAX_ROUNDS
                + "; 0 too).")
    int maxRounds;

    @Option(
        names = "--report",
        paramLabel = "FILE",
        description = "Also write a self-contained HTML report (charts and tables) to FILE.")
    Path report;

    @Mixin Transport transport;

    @Override
    public Integer call() {
      transport.prepare();
      QuoteCoverRequest quote = readQuote(file);
      List<Shock> list = new ArrayList<>();
      if (shocks == null || shocks.isEmpty()) {
        list.addAll(PricingApplication.everyAssetFalls(quote.getExposure()));
      } else {
        // Kept in order and as given: an asset shocked twice is the request's error to report
        // (shocks[i].asset_id), not a value silently replaced by the last one.
        for (String shock : shocks) {
          int eq = shock.lastIndexOf('=');
          double fraction;
          try {
            fraction = eq < 1 ? Double.NaN : Double.parseDouble(shock.substring(eq + 1));
          } catch (NumberFormatException e) {
            fraction = Double.NaN;
          }
          if (Double.isNaN(fraction)) {
            throw new picocli.CommandLine.ParameterException(
                spec.commandLine(),
                "--shock '" + shock + "': write ASSET=FRACTION, e.g. WETH=-0.3 (a 30% fall)");
          }
          list.add(
              Shock.newBuilder()
                  .setAssetId(shock.substring(0, eq))
                  .setShockFraction(fraction)
                  .build());
        }
      }
      StressTestRequest request =
          StressTestRequest.newBuilder()
              .setExposure(quote.getExposure())
              .addAllShocks(list)
              .setMaxRounds(maxRounds)
              .build();
      try (PricingClient client = transport.open()) {
        var response = client.stress(request);
        parent.print(transport, response, printer -> printer.stress(response));
        if (report != null) {
          io.backstop.service.report.Reports.write(
              report, io.backstop.service.report.Reports.stress(request, response));
        }
      }
      return EXIT_OK;
    }
  }

  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      versionProvider = BackstopCli.Version.class,
      description = "Model version, defaults per asset class and request limits.")
  static final class Info implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand BackstopCli parent;

    @Mixin Transport transport;

    @Override
    public Integer call() {
      try (PricingClient client = transport.open()) {
        var response = client.modelInfo();
        parent.print(transport, response, printer -> printer.modelInfo(response));
      }
      return EXIT_OK;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"backstop, model " + io.backstop.core.ModelVersion.CURRENT};
    }
  }
}
