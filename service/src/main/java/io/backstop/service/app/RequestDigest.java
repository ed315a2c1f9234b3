package io.backstop.service.app;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a request's canonical bytes: protobuf's deterministic serialization, so the same
 * request gives the same digest whichever client or file format it came from.
 */
public final class RequestDigest {
  private RequestDigest() {}

  /** Lower-case hex SHA-256 of {@code message}'s deterministic serialization. */
  public static String sha256Hex(Message message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.getSerializedSize());
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      message.writeTo(out);
      out.flush();
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /** A quote id derived from the digest: the same request always carries the same id. */
  public static String quoteId(String sha256Hex) {
    return "q-" + sha256Hex.substring(0, 20);
  }
}
