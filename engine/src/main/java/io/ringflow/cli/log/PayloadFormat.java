package io.ringflow.cli.log;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a payload is printed: as hex, or decoded by a codec. A decoded payload must encode back
 * to the same bytes, so that a codec that does not fit the log is reported, not printed as junk.
 */
public final class PayloadFormat {
    private static final Map<String, Class<?>> SHORT_NAMES = Map.ofEntries(
        Map.entry("long", long.class), Map.entry("int", int.class), Map.entry("short", short.class),
        Map.entry("byte", byte.class), Map.entry("double", double.class), Map.entry("float", float.class),
        Map.entry("boolean", boolean.class), Map.entry("char", char.class), Map.entry("String", String.class),
        Map.entry("byte[]", byte[].class), Map.entry("long[]", long[].class), Map.entry("int[]", int[].class),
        Map.entry("double[]", double[].class));

    private final Codec<Object> codec;
    private final String codecName;
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);

    private PayloadFormat(Codec<Object> codec, String codecName) {
        this.codec = codec;
        this.codecName = codecName;
    }

    /** Hex when {@code className} is null, else the codec {@code Codecs.forClass} gives that class. */
    @SuppressWarnings("unchecked")
    static PayloadFormat of(String className, String classpath) {
        if (className == null) {
            return new PayloadFormat(null, null);
        }
        Class<?> type = resolve(className, classLoader(classpath));
        return new PayloadFormat((Codec<Object>) Codecs.forClass(type), type.getTypeName());
    }

    /** The payload as text; fails naming the codec and the record when the codec does not fit. */
    String format(String queue, long index, DirectBuffer payload, int length) {
        if (codec == null) {
            StringBuilder hex = new StringBuilder(length * 2);
            for (int i = 0; i < length; i++) {
                hex.append(Character.forDigit((payload.getByte(i) >> 4) & 0xf, 16))
                    .append(Character.forDigit(payload.getByte(i) & 0xf, 16));
            }
            return hex.toString();
        }
        Object value;
        try {
            value = codec.decode(payload, 0, length);
        } catch (RuntimeException e) {
            throw mismatch(queue, index, length, "decoding failed (" + e + ")");
        }
        int capacity = 2 * length + 64;
        scratch.checkLimit(capacity);
        int written = codec.encode(value, scratch, 0, capacity);
        if (written != length || !sameBytes(payload, length)) {
            throw mismatch(queue, index, length, "they decode to " + printable(show(value)) + ", which does not encode back to them ("
                + (written < 0 ? "too large" : written + " bytes") + ")");
        }
        return show(value);
    }

    private IllegalStateException mismatch(String queue, long index, int length, String what) {
        return new IllegalStateException("codec " + codecName + " does not fit the record at " + queue + " index " + index
            + " (" + length + " payload bytes): " + what + "; give --codec the class the log was written with,"
            + " or no --codec for hex");
    }

    private boolean sameBytes(DirectBuffer payload, int length) {
        for (int i = 0; i < length; i++) {
            if (scratch.getByte(i) != payload.getByte(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} with control characters (a NUL of a mis-decoded long, say) written as escapes, not sent to the terminal. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (Character.isISOControl(ch)) {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** A decoded value as text; arrays by their elements. */
    public static String show(Object value) {
        if (value instanceof long[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof int[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof double[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof byte[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(value);
    }

    private static Class<?> resolve(String name, ClassLoader loader) {
        Class<?> shortName = SHORT_NAMES.get(name);
        if (shortName != null) {
            return shortName;
        }
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("--codec " + name + ": no such class on the classpath; give its full name"
                + " (package.Class, package.Outer$Inner) and add its jar or directory with --classpath");
        }
    }

    private static ClassLoader classLoader(String classpath) {
        ClassLoader parent = PayloadFormat.class.getClassLoader();
        if (classpath == null) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                try {
                    urls.add(Path.of(entry).toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException("--classpath: cannot use '" + entry + "': " + e.getMessage());
                }
            }
        }
        // Lives as long as the command: the codec reaches its class through it.
        return new URLClassLoader(urls.toArray(URL[]::new), parent);
    }
}
