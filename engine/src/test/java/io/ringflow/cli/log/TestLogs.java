package io.ringflow.cli.log;

import io.ringflow.api.codec.Codec;
import io.ringflow.storage.log.LogWriter;
import org.agrona.ExpandableArrayBuffer;

import java.util.Arrays;

/** Writes log documents in tests, with the engine's own log writer. */
final class TestLogs {
    private TestLogs() {
    }

    /** The bytes {@code codec} encodes {@code value} to. */
    static <T> byte[] encode(Codec<T> codec, T value) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        int length = codec.encode(value, buffer, 0, buffer.capacity());
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    static long append(LogWriter writer, long txnId, long timestamp, byte[] payload) {
        return writer.appendRecord(txnId, timestamp, payload, 0, payload.length);
    }
}
