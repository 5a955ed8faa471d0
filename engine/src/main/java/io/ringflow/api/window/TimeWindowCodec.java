package io.ringflow.api.window;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** Time windows of any size (sessions) as start and end. */
final class TimeWindowCodec implements Codec<TimeWindow> {
    static final TimeWindowCodec INSTANCE = new TimeWindowCodec();
    private static final int LONG_BYTES = Long.BYTES;

    private TimeWindowCodec() {
    }

    @Override
    public int encode(TimeWindow value, MutableDirectBuffer buffer, int offset, int capacity) {
        if (capacity < 2 * LONG_BYTES) {
            return DOES_NOT_FIT;
        }
        Codecs.LONG.encode(value.start(), buffer, offset, LONG_BYTES);
        Codecs.LONG.encode(value.end(), buffer, offset + LONG_BYTES, LONG_BYTES);
        return 2 * LONG_BYTES;
    }

    @Override
    public TimeWindow decode(DirectBuffer buffer, int offset, int length) {
        return new TimeWindow(Codecs.LONG.decode(buffer, offset, LONG_BYTES),
            Codecs.LONG.decode(buffer, offset + LONG_BYTES, LONG_BYTES));
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
        return "time-window(start:long, end:long)";
    }
}
