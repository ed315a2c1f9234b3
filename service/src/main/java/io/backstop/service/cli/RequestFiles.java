package io.backstop.service.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.backstop.service.app.BackstopException;
import io.backstop.service.app.FieldViolation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads request files: the proto3 JSON mapping of the request message, parsed by protobuf's own
 * JSON parser, so a file and a wire request share one schema. Unknown fields are an error, not
 * silently dropped: a misspelt field name must not price a different book.
 */
final class RequestFiles {
  private RequestFiles() {}

  static <B extends Message.Builder> B read(Path file, B builder, long maxBytes) {
    String json;
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw invalid(
            file,
            String.format(
                java.util.Locale.ROOT,
                "is %,d bytes; requests are limited to %,d bytes",
                size,
                maxBytes));
      }
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw invalid(file, "does not exist");
    } catch (IOException e) {
      throw invalid(file, "cannot be read: " + e.getMessage());
    }
    try {
      JsonFormat.parser().merge(json, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw notProto3Json(file, json, builder.getDescriptorForType(), e);
    }
    return builder;
  }

  /**
   * The parser's refusal, with the bad value's path and what is allowed there when the JSON is well
   * formed ({@link JsonProblems}), or where the JSON itself breaks off.
   */
  private static BackstopException.InvalidRequest notProto3Json(
      Path file, String json, com.google.protobuf.Descriptors.Descriptor type, Exception e) {
    com.google.gson.JsonElement tree;
    try {
      tree = com.google.gson.JsonParser.parseString(json);
    } catch (com.google.gson.JsonParseException syntax) {
      String where =
          syntax.getCause() != null && syntax.getCause().getMessage() != null
              ? syntax.getCause().getMessage()
              : String.valueOf(syntax.getMessage());
      where = where.lines().findFirst().orElse(where); // without Gson's troubleshooting link
      return invalid(
          file,
          "is not JSON: "
              + (syntax.getCause() instanceof java.io.EOFException
                  ? "it ends before the JSON is complete"
                  : where));
    }
    JsonProblems.Problem p = JsonProblems.first(tree, type);
    if (p != null) {
      return new BackstopException.InvalidRequest(
          List.of(new FieldViolation(p.path(), "in " + file + ": " + p.description())));
    }
    return invalid(
        file, "is not a valid " + type.getFullName() + " in proto3 JSON: " + e.getMessage());
  }

  private static BackstopException.InvalidRequest invalid(Path file, String what) {
    return new BackstopException.InvalidRequest(
        List.of(new FieldViolation("file", file + " " + what)));
  }

  /**
   * The message as proto3 JSON (lowerCamelCase names, enums by name). Zero values are printed too
   * (a VaR of 0 reads better than a missing field); any proto3 JSON parser reads both forms.
   */
  static String toJson(Message message) {
    try {
      return JsonFormat.printer().alwaysPrintFieldsWithNoPresence().print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a response always prints as JSON", e);
    }
  }
}
