package io.ringflow.api.window;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Windows of one fixed size written as their end alone: the layout (and identity) of the
 * {@code long} that tumbling window state has always been keyed by, so older snapshots restore.
 */
final class TimeWindowEndCodec implements Codec<TimeWindow> {
    private final long sizeMs;

    TimeWindowEndCodec(long sizeMs) {
        this.sizeMs = sizeMs;
    }

    @Override
    public int encode(TimeWindow value, MutableDirectBuffer buffer, int offset, int capacity) {
        return Codecs.LONG.encode(value.end(), buffer, offset, capacity);
    }

    @Override
    public TimeWindow decode(DirectBuffer buffer, int offset, int length) {
        long end = Codecs.LONG.decode(buffer, offset, length);
        return new TimeWindow(end - sizeMs, end);
    }

    @Override
    public Class<?> type() {
        return TimeWindow.class;
    }

    @Override
    public boolean isImmutable() {
        return true;
    }

    @Override
    public TimeWindow copy(TimeWindow value) {
        return value;
    }

    @Override
    public String identity() {
        return Codecs.LONG.identity();
    }
}
