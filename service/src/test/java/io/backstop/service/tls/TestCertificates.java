package io.backstop.service.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Self-signed server and client certificates for the TLS tests, made with the JDK's keytool before
 * Quarkus boots: PKCS#12 key stores, and each certificate as PEM for the other side's trust.
 */
final class TestCertificates {
  static final String PASSWORD = "backstop-test";
  static final Path DIR = Path.of("target", "tls-test");

  private TestCertificates() {}

  static synchronized Path ensure() {
    if (Files.exists(DIR.resolve("client.crt"))) {
      return DIR;
    }
    try {
      Files.createDirectories(DIR);
      for (String who : List.of("server", "client")) {
        Path store = DIR.resolve(who + ".p12");
        Files.deleteIfExists(store);
        keytool(
            "-genkeypair",
            "-alias",
            who,
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-dname",
            "CN=" + (who.equals("server") ? "localhost" : "backstop-test-client"),
            "-ext",
            "SAN=dns:localhost,ip:127.0.0.1",
            "-validity",
            "3",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass",
            PASSWORD,
            "-keypass",
            PASSWORD);
        keytool(
            "-exportcert",
            "-rfc",
            "-alias",
            who,
            "-keystore",
            store.toString(),
            "-storepass",
            PASSWORD,
            "-file",
            DIR.resolve(who + ".crt").toString());
      }
      return DIR;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IOException("keytool failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
