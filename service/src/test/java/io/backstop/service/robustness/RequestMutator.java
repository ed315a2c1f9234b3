package io.backstop.service.robustness;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random structural mutations of a valid request, driven by the message descriptors so that every
 * field of the contract is reachable: numbers become NaN, infinities, -0.0, negative, zero or huge;
 * strings become empty, unknown, another asset's id or long; enums are unset or get unknown
 * numbers; messages are cleared; list entries are dropped, duplicated, shuffled, or multiplied past
 * the published limits. Each mutation is described in words for the failure report.
 */
final class RequestMutator {
  private static final double[] DOUBLES = {
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    -0.0,
    0.0,
    -1.0,
    1e308,
    -1e308,
    Double.MIN_VALUE,
    1e-300,
    0.5,
    1.0,
    2.0,
    1e12
  };
  private static final long[] LONGS = {
    0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1_000_000_000
  };

  private final Random random;
  private final List<String> ids;
  final List<String> log = new ArrayList<>();

  RequestMutator(Random random, List<String> assetIds) {
    this.random = random;
    this.ids = assetIds;
  }

  @SuppressWarnings("unchecked")
  <M extends Message> M mutate(M message, int mutations) {
    Message.Builder b = message.toBuilder();
    for (int i = 0; i < mutations; i++) {
      mutateSomewhere(b, "");
    }
    return (M) b.build();
  }

  /** Walks down a random path and mutates one field on the way. */
  private void mutateSomewhere(Message.Builder b, String path) {
    List<FieldDescriptor> fields = b.getDescriptorForType().getFields();
    FieldDescriptor f = fields.get(random.nextInt(fields.size()));
    String here = path.isEmpty() ? f.getName() : path + "." + f.getName();
    boolean isMessage = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
    if (f.isRepeated()) {
      int n = b.getRepeatedFieldCount(f);
      if (isMessage && n > 0 && random.nextInt(3) > 0) {
        int i = random.nextInt(n);
        Message.Builder child = ((Message) b.getRepeatedField(f, i)).toBuilder();
        mutateSomewhere(child, here + "[" + i + "]");
        b.setRepeatedField(f, i, child.build());
        return;
      }
      mutateList(b, f, here);
      return;
    }
    if (isMessage) {
      if (random.nextInt(6) == 0) {
        b.clearField(f);
        log.add("clear " + here);
        return;
      }
      Message.Builder child = ((Message) b.getField(f)).toBuilder();
      mutateSomewhere(child, here);
      b.setField(f, child.build());
      return;
    }
    Object value = scalar(f, b.hasField(f) || !f.hasPresence() ? b.getField(f) : null);
    if (value == null) {
      b.clearField(f);
      log.add("unset " + here);
    } else {
      b.setField(f, value);
      log.add(here + " = " + describe(value));
    }
  }

  private void mutateList(Message.Builder b, FieldDescriptor f, String here) {
    int n = b.getRepeatedFieldCount(f);
    List<Object> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(b.getRepeatedField(f, i));
    }
    int kind = random.nextInt(n == 0 ? 2 : 6);
    switch (kind) {
      case 0 -> {
        items.clear();
        log.add("clear " + here);
      }
      case 1 -> {
        Object item =
            f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                ? (n > 0 ? items.get(0) : b.newBuilderForField(f).build())
                : scalar(f, null);
        if (item == null) {
          item = 0.5;
        }
        int copies = random.nextBoolean() ? 1 : 2_000 + random.nextInt(2_000);
        for (int i = 0; i < copies; i++) {
          items.add(item);
        }
        log.add("add " + copies + " x " + here);
      }
      case 2 -> {
        items.remove(random.nextInt(n));
        log.add("drop one of " + here);
      }
      case 3 -> {
        items.add(items.get(random.nextInt(n)));
        log.add("duplicate one of " + here);
      }
      case 4 -> {
        Collections.shuffle(items, random);
        log.add("shuffle " + here);
      }
      default -> {
        int i = random.nextInt(n);
        if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
          Object v = scalar(f, items.get(i));
          items.set(i, v == null ? items.get(i) : v);
          log.add(here + "[" + i + "] = " + describe(items.get(i)));
        } else {
          items.set(i, b.newBuilderForField(f).build());
          log.add(here + "[" + i + "] = empty message");
        }
      }
    }
    b.clearField(f);
    for (Object item : items) {
      b.addRepeatedField(f, item);
    }
  }

  /** A new value for a scalar field; null to unset it. */
  private Object scalar(FieldDescriptor f, Object current) {
    switch (f.getJavaType()) {
      case DOUBLE:
        return random.nextInt(4) == 0 && current instanceof Double d
            ? -d * (random.nextBoolean() ? 1 : 1e6)
            : DOUBLES[random.nextInt(DOUBLES.length)];
      case FLOAT:
        return (float) DOUBLES[random.nextInt(DOUBLES.length)];
      case INT:
        return (int) LONGS[random.nextInt(LONGS.length)];
      case LONG:
        return LONGS[random.nextInt(LONGS.length)];
      case BOOLEAN:
        return !(current instanceof Boolean v && v);
      case STRING:
        return switch (random.nextInt(5)) {
          case 0 -> "";
          case 1 -> "UNKNOWN-ASSET";
          case 2 -> ids.isEmpty() ? "X" : ids.get(random.nextInt(ids.size()));
          case 3 -> "é\u0000\uD83D\uDE00" + "x".repeat(random.nextInt(5_000));
          default -> ids.isEmpty() ? "" : ids.get(0);
        };
      case ENUM:
        return switch (random.nextInt(3)) {
          case 0 -> f.getEnumType().findValueByNumber(0);
          case 1 ->
              f.getEnumType().findValueByNumberCreatingIfUnknown(random.nextBoolean() ? 99 : -7);
          default ->
              f.getEnumType().getValues().get(random.nextInt(f.getEnumType().getValues().size()));
        };
      case BYTE_STRING:
      case MESSAGE:
      default:
        return null;
    }
  }

  private static String describe(Object value) {
    String s = String.valueOf(value);
    return s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + " chars)" : s;
  }
}
