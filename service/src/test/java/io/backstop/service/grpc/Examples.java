package io.backstop.service.grpc;

import com.google.protobuf.util.JsonFormat;
import io.backstop.proto.v1.QuoteCoverRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The request files of {@code examples/}, parsed with protobuf's JSON parser as clients do. */
public final class Examples {
  private Examples() {}

  public static final List<String> NAMES = List.of("crypto-lending", "nft-lending", "rwa-vault");

  public static QuoteCoverRequest quote(String name) {
    Path root = Path.of(System.getProperty("backstop.root", ".."));
    Path file = root.resolve("examples").resolve(name + ".json");
    if (!Files.exists(file)) {
      file = Path.of("examples", name + ".json");
    }
    try {
      QuoteCoverRequest.Builder b = QuoteCoverRequest.newBuilder();
      JsonFormat.parser().merge(Files.readString(file), b);
      return b.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
