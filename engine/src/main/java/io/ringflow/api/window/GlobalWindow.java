package io.ringflow.api.window;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** The one window of {@link GlobalWindows}: every record of a key; it never ends. */
public final class GlobalWindow implements Window {
    private static final GlobalWindow INSTANCE = new GlobalWindow();

    private GlobalWindow() {
    }

    public static GlobalWindow get() {
        return INSTANCE;
    }

    @Override
    public long maxTimestamp() {
        return Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "GlobalWindow";
    }

    /** Writes one byte, so that the window can key a map state. */
    static final class GlobalWindowCodec implements Codec<GlobalWindow> {
        @Override
        public int encode(GlobalWindow value, MutableDirectBuffer buffer, int offset, int capacity) {
            return Codecs.BYTE.encode((byte) 0, buffer, offset, capacity);
        }

        @Override
        public GlobalWindow decode(DirectBuffer buffer, int offset, int length) {
            return INSTANCE;
        }

        @Override
        public Class<?> type() {
            return GlobalWindow.class;
        }

        @Override
        public boolean isImmutable() {
            return true;
        }

        @Override
        public GlobalWindow copy(GlobalWindow value) {
            return value;
        }
    }
}
