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
            file, "is " + size + " bytes; requests are limited to " + maxBytes + " bytes");
      }
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw invalid(file, "does not exist");
    } catch (IOException e) {
      throw invalid(file, "cannot be read: " + e.getMessage());
    }
    try {
      JsonFormat.parser().merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      throw invalid(
          file,
          "is not a valid "
              + builder.getDescriptorForType().getFullName()
              + " in proto3 JSON: "
              + e.getMessage());
    }
    return builder;
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
