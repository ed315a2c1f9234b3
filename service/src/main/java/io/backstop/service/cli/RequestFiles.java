package io.backstop.service.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
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

  /** The file name that reads standard input, as Unix tools take it. */
  static final String STDIN = "-";

  static <B extends Message.Builder> B read(Path file, B builder, long maxBytes) {
    String json =
        file.toString().equals(STDIN) ? readStdin(file, maxBytes) : readFile(file, maxBytes);
    checkStrictJson(file, json);
    try {
      JsonFormat.parser().merge(json, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw notProto3Json(file, json, builder.getDescriptorForType(), e);
    }
    return builder;
  }

  /** Standard input, at most {@code maxBytes} (one byte more is read to tell a longer one). */
  private static String readStdin(Path file, long maxBytes) {
    try {
      byte[] bytes = System.in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw invalid(
            file,
            String.format(
                java.util.Locale.ROOT,
                "(standard input) is over %,d bytes; requests are limited to %,d bytes",
                maxBytes,
                maxBytes));
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw invalid(file, "(standard input) cannot be read: " + e.getMessage());
    }
  }

  private static String readFile(Path file, long maxBytes) {
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
    return json;
  }

  /**
   * Refuses what strict JSON (RFC 8259) refuses and protobuf's JSON parser, which reads leniently,
   * lets through: content after the request (a second object was ignored, trailing garbage too), a
   * name given twice in one object (the last value was silently kept: a duplicated {@code priceUsd}
   * priced a different book), names not in double quotes, comments, single-quoted strings; each
   * with the file, line and column. A file cut short is left to {@link #notProto3Json}, which says
   * so as before.
   */
  static void checkStrictJson(Path file, String json) {
    // A leading byte order mark (a Windows editor's) is read past, as protobuf's parser does.
    String text = json.startsWith("\uFEFF") ? json.substring(1) : json;
    try (JsonParser p = STRICT.createParser(text)) {
      if (p.nextToken() == null) {
        return; // empty: protobuf's parser says so
      }
      p.skipChildren(); // the request's whole value, a repeated name refused on the way
      JsonLocation after;
      try {
        after = p.nextToken() == null ? null : p.currentTokenLocation();
      } catch (JsonParseException e) {
        after = e.getLocation();
      }
      if (after != null) {
        throw invalidAt(
            file, after, "more content after the request (a request file holds one JSON object)");
      }
    } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
      // cut short: protobuf's parser says so, as before
    } catch (JsonParseException e) {
      throw invalidAt(file, e.getLocation(), syntaxError(text, e));
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw invalidAt(file, e.getLocation(), "not a request: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading a string cannot fail", e);
    }
  }

  /**
   * The strict parser's refusal in a protocol engineer's words, without Jackson's feature names.
   */
  private static String syntaxError(String json, JsonParseException e) {
    String message = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
    long offset = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
    char bad = offset >= 0 && offset < json.length() ? json.charAt((int) offset) : 0;
    java.util.regex.Matcher duplicate =
        java.util.regex.Pattern.compile("^Duplicate field '(.*)'$").matcher(message);
    if (duplicate.matches()) {
      return "the name \""
          + duplicate.group(1)
          + "\" appears twice in the same object (give each field once)";
    }
    if (message.contains("double-quote to start field name")) {
      return bad == '}'
          ? "a comma before '}' (JSON allows no comma after an object's last field)"
          : "names must be in double quotes, e.g. \"priceUsd\"";
    }
    if (bad == '\'') {
      return "strings must be in double quotes";
    }
    if (bad == '/' || bad == '#') {
      return "comments are not JSON";
    }
    if (message.startsWith("Non-standard token")) {
      return "not JSON: NaN and Infinity are written as strings in proto3 JSON (\"NaN\")";
    }
    return "not JSON: " + message.replaceFirst(": enable .*$", "");
  }

  /**
   * Strict JSON, Jackson's defaults (no comments, no unquoted or single-quoted names or strings, no
   * NaN literal: proto3 JSON writes "NaN" as a string; no leading zeros) and a name at most once
   * per object.
   */
  private static final JsonFactory STRICT =
      JsonFactory.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static BackstopException.InvalidRequest invalidAt(
      Path file, JsonLocation where, String what) {
    return new BackstopException.InvalidRequest(
        List.of(
            new FieldViolation(
                "file",
                where == null
                    ? file + ": " + what
                    : file
                        + ", line "
                        + where.getLineNr()
                        + ", column "
                        + where.getColumnNr()
                        + ": "
                        + what)));
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
