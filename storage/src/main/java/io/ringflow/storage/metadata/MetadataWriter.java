package io.ringflow.storage.metadata;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Encodes {@link CheckpointMetadata} as the bytes of a {@code _metadata} file: the YAML that
 * {@link MetadataReader} parses with Chronicle Wire, written by hand. The coordinator writes it on
 * every commit, at most once a second in most jobs, so this code stays cold: Chronicle's YAML
 * writer took 1-7 ms per file cold (0.35 ms warm) on the commit path.
 */
public final class MetadataWriter {
    /** Text written without quotes; anything else is double-quoted and escaped. */
    /** Plain words a YAML reader could take for something other than text. */
    private static final Set<String> RESERVED = Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n");

    /**
     * One text buffer per thread, reused: a commit every millisecond grew a new one from 1 KB
     * each time (with inlined streams, most of what the snapshot writer allocated).
     */
    private static final ThreadLocal<StringBuilder> TEXT = ThreadLocal.withInitial(() -> new StringBuilder(1024));
    private static final int MAX_KEPT_CHARS = 1 << 20;
    private static final int PAGE = 4096;

    private MetadataWriter() {
    }

    /** The bytes of a {@code _metadata} file: {@code length} bytes of {@code bytes}, this thread's until it encodes again. */
    public record Encoded(byte[] bytes, int length) {
    }

    /** A new array holding the file's bytes. */
    public static byte[] encode(CheckpointMetadata metadata) {
        Encoded encoded = encodeReusing(metadata);
        return Arrays.copyOf(encoded.bytes(), encoded.length());
    }

    /**
     * The file's bytes in this thread's buffer, reused by its next call: a commit every millisecond
     * copied its text three times into new arrays (a String, its UTF-8 bytes, the file), 17 KB a
     * commit in W5, most of what the committing thread allocated.
     */
    public static Encoded encodeReusing(CheckpointMetadata metadata) {
        return encodeReusing(metadata, 0);
    }

    /**
     * As {@link #encodeReusing(CheckpointMetadata)}, padded with blank space before the end line to
     * {@code padTo} bytes when it falls short by no more than its own length or a page: written
     * over a longer file, it then needs no {@code ftruncate}, which on ext4 waits for the data of
     * the journal's committing transaction (5–19 ms at a 1 ms interval).
     */
    public static Encoded encodeReusing(CheckpointMetadata metadata, long padTo) {
        StringBuilder out = TEXT.get();
        if (out.capacity() > MAX_KEPT_CHARS) { // a savepoint with large inlined streams: not kept
            out = new StringBuilder(1024);
            TEXT.set(out);
        }
        out.setLength(0);
        out.append(MetadataDescriptor.BEGIN_LINE);
        if (metadata.formatVersion() < 2) {
            throw new IllegalArgumentException("format version " + metadata.formatVersion()
                + " is read only; this build writes version " + MetadataDescriptor.FORMAT_VERSION);
        }
        out.append("formatVersion: ").append(metadata.formatVersion()).append('\n');
        out.append("kind: ").append(metadata.kind().name()).append('\n');
        out.append("jobId: ");
        text(out, metadata.jobId()).append('\n');
        out.append("checkpointId: ").append(metadata.checkpointId()).append('\n');
        out.append("completedAtMs: ").append(metadata.completedAtMs()).append('\n');
        out.append("completedAt: ");
        text(out, isoInstant(metadata.completedAtMs())).append('\n');
        out.append("operators: [");
        List<OperatorMetadata> operators = metadata.operators();
        for (int i = 0; i < operators.size(); i++) {
            writeOperator(out.append(i == 0 ? "\n" : ",\n"), operators.get(i));
        }
        out.append(operators.isEmpty() ? " ]\n" : "\n]\n");
        out.append("channels: [");
        List<ChannelStateMetadata> channels = metadata.channels();
        for (int i = 0; i < channels.size(); i++) {
            writeChannel(out.append(i == 0 ? "\n  " : ",\n  "), channels.get(i));
        }
        out.append(channels.isEmpty() ? " ]\n" : "\n]\n");
        int bodyLength = Utf8.encode(out, 0);
        long shortBy = padTo - bodyLength - MetadataDescriptor.END_LINE_LENGTH;
        if (shortBy > 0 && shortBy <= Math.max(PAGE, bodyLength)) {
            out.setLength(0);
            out.append(" ".repeat((int) shortBy - 1)).append('\n'); // blank: the YAML reader skips it
            bodyLength = Utf8.encode(out, bodyLength);
        }
        CRC32C crc = new CRC32C();
        crc.update(Utf8.bytes(), 0, bodyLength);
        out.setLength(0);
        out.append(MetadataDescriptor.END_PREFIX);
        appendHex(out, (int) crc.getValue()).append('\n');
        int length = Utf8.encode(out, bodyLength);
        Encoded encoded = new Encoded(Utf8.bytes(), length);
        Utf8.dropIfLarge();
        return encoded;
    }

    /** This thread's UTF-8 output, grown as needed; kept unless it grew past {@link #MAX_KEPT_CHARS}. */
    private static final class Utf8 {
        private static final ThreadLocal<byte[][]> BUFFER = ThreadLocal.withInitial(() -> new byte[][] {new byte[4096]});

        static byte[] bytes() {
            return BUFFER.get()[0];
        }

        /** Encodes {@code text} as UTF-8 at {@code at} (as {@code String.getBytes} does); returns the end. */
        static int encode(CharSequence text, int at) {
            byte[][] holder = BUFFER.get();
            int needed = at + text.length() * 3;
            if (holder[0].length < needed) {
                holder[0] = Arrays.copyOf(holder[0], Math.max(needed, holder[0].length * 2));
            }
            byte[] out = holder[0];
            int n = at;
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (ch < 0x80) {
                    out[n++] = (byte) ch;
                } else if (ch < 0x800) {
                    out[n++] = (byte) (0xC0 | ch >> 6);
                    out[n++] = (byte) (0x80 | ch & 0x3F);
                } else if (Character.isHighSurrogate(ch) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int codePoint = Character.toCodePoint(ch, text.charAt(++i));
                    out[n++] = (byte) (0xF0 | codePoint >> 18);
                    out[n++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                    out[n++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                    out[n++] = (byte) (0x80 | codePoint & 0x3F);
                } else if (Character.isSurrogate(ch)) {
                    out[n++] = '?'; // an unpaired surrogate, as String.getBytes replaces it
                } else {
                    out[n++] = (byte) (0xE0 | ch >> 12);
                    out[n++] = (byte) (0x80 | ch >> 6 & 0x3F);
                    out[n++] = (byte) (0x80 | ch & 0x3F);
                }
            }
            return n;
        }

        /** After a large savepoint's file: the next call starts small again (the caller keeps this one). */
        static void dropIfLarge() {
            if (BUFFER.get()[0].length > MAX_KEPT_CHARS * 3) {
                BUFFER.remove();
            }
        }
    }

    /** Eight lower-case hex digits of {@code value}. */
    private static StringBuilder appendHex(StringBuilder out, int value) {
        for (int shift = 28; shift >= 0; shift -= 4) {
            out.append(Character.forDigit(value >>> shift & 0xF, 16));
        }
        return out;
    }

    static String hex(int crc32c) {
        String digits = Integer.toHexString(crc32c);
        return "00000000".substring(digits.length()) + digits;
    }

    private static void writeOperator(StringBuilder out, OperatorMetadata operator) {
        out.append("  {\n    uid: ");
        text(out, operator.uid()).append(",\n");
        out.append("    parallelism: ").append(operator.parallelism()).append(",\n");
        out.append("    maxParallelism: ").append(operator.maxParallelism()).append(",\n");
        out.append("    subtasks: [");
        List<SubtaskMetadata> subtasks = operator.subtasks();
        for (int i = 0; i < subtasks.size(); i++) {
            SubtaskMetadata subtask = subtasks.get(i);
            out.append(i == 0 ? "\n" : ",\n").append("      { subtask: ").append(subtask.subtask());
            out.append(", keyGroupStart: ").append(subtask.keyGroups().start());
            out.append(", keyGroupEnd: ").append(subtask.keyGroups().end()).append(", ");
            writeHandle(out, subtask.state());
            out.append(", sourcePosition: ");
            text(out, Hex.encode(subtask.sourcePosition()));
            // base is always written when finished follows: a reader asking for an absent field skips
            // ahead into the next one, so only the last field may be left out
            List<StreamHandle> base = subtask.base();
            if (!base.isEmpty() || subtask.finished()) {
                out.append(", base: [ ");
                for (int b = 0; b < base.size(); b++) {
                    writeHandle(out.append(b == 0 ? "{ " : ", { "), base.get(b)).append(" }");
                }
                out.append(" ]");
            }
            if (subtask.finished()) {
                out.append(", finished: true");
            }
            out.append(" }");
        }
        out.append(subtasks.isEmpty() ? " ]\n  }" : "\n    ]\n  }");
    }

    private static void writeChannel(StringBuilder out, ChannelStateMetadata channel) {
        ChannelDescriptor c = channel.channel();
        out.append("{ upstreamUid: ");
        text(out, c.upstreamUid()).append(", upstreamSubtask: ").append(c.upstreamSubtask());
        out.append(", downstreamUid: ");
        text(out, c.downstreamUid()).append(", downstreamSubtask: ").append(c.downstreamSubtask());
        out.append(", inputIndex: ").append(c.inputIndex());
        out.append(", recordCount: ").append(channel.recordCount()).append(", ");
        writeHandle(out, channel.records());
        if (channel.recordCodec() != null) {
            text(out.append(", recordCodec: "), channel.recordCodec()); // last: an absent field may be left out only there
        }
        out.append(" }");
    }

    private static StringBuilder writeHandle(StringBuilder out, StreamHandle handle) {
        out.append("storage: ");
        if (handle == null) {
            return out.append(MetadataDescriptor.STORAGE_NONE);
        }
        if (handle.isInline()) {
            out.append(MetadataDescriptor.STORAGE_INLINE).append(", inline: !!binary ")
                .append(Base64.getEncoder().encodeToString(handle.inline()));
        } else {
            out.append(MetadataDescriptor.STORAGE_FILE).append(", file: ");
            text(out, handle.fileName());
            out.append(", offset: ").append(handle.offset());
        }
        out.append(", length: ").append(handle.length()).append(", crc32c: ");
        // as text(out, hex(crc)) writes it, without the strings: plain when it starts with a letter
        boolean plain = (handle.crc32c() >>> 28) >= 10;
        if (!plain) {
            out.append('"');
        }
        appendHex(out, handle.crc32c());
        return plain ? out : out.append('"');
    }

    /**
     * As {@code Instant.ofEpochMilli(ms).toString()}, by hand for years 1000 to 9999: the
     * formatter took a tenth of a commit's time in cold code. For people: readers skip it.
     */
    static String isoInstant(long epochMs) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMs, 1000), 0, ZoneOffset.UTC);
        if (time.getYear() < 1000 || time.getYear() > 9999) {
            return Instant.ofEpochMilli(epochMs).toString();
        }
        StringBuilder out = new StringBuilder(24).append(time.getYear());
        twoDigits(out.append('-'), time.getMonthValue());
        twoDigits(out.append('-'), time.getDayOfMonth());
        twoDigits(out.append('T'), time.getHour());
        twoDigits(out.append(':'), time.getMinute());
        twoDigits(out.append(':'), time.getSecond());
        int millis = (int) Math.floorMod(epochMs, 1000L);
        if (millis > 0) {
            out.append('.').append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10));
        }
        return out.append('Z').toString();
    }

    private static void twoDigits(StringBuilder out, int value) {
        out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** {@code [A-Za-z][A-Za-z0-9_./-]*}, by hand: a regex match was a tenth of the commit's time at a 1 s interval. */
    static boolean isPlain(String value) {
        if (value.isEmpty() || !isLetter(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (!isLetter(ch) && !(ch >= '0' && ch <= '9') && ch != '_' && ch != '.' && ch != '/' && ch != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
    }

    /** A YAML scalar for {@code value}: plain when it can only be read back as this text, quoted otherwise. */
    private static StringBuilder text(StringBuilder out, String value) {
        if (isPlain(value) && !RESERVED.contains(value.toLowerCase(Locale.ROOT))) {
            return out.append(value);
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // a character outside the BMP as its two escaped halves: the reader refused its 4 UTF-8 bytes
                    if (ch < 0x20 || Character.isSurrogate(ch)) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"');
    }
}
