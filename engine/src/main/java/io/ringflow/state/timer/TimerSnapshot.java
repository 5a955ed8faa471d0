package io.ringflow.state.timer;

import io.ringflow.api.codec.Codec;
import io.ringflow.state.BlockWriter;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.state.KeyGroupSink;

/**
 * The timers of a service as they were at {@link InternalTimerService#snapshot()}: copied
 * references to immutable timers, grouped by key group and encoded on demand by any one thread.
 */
public final class TimerSnapshot<K> {
    private final Codec<K> keyCodec;
    private final KeyGroupRange range;
    private final Timer<K>[] eventTime;
    private final Timer<K>[] processingTime;

    TimerSnapshot(Codec<K> keyCodec, KeyGroupRange range, Timer<K>[] eventTime, Timer<K>[] processingTime) {
        this.keyCodec = keyCodec;
        this.range = range;
        this.eventTime = eventTime;
        this.processingTime = processingTime;
    }

    /** The number of timers of both domains. */
    public int size() {
        return eventTime.length + processingTime.length;
    }

    /** Encodes every key group of the range, ascending, into {@code sink} (see {@link TimerBlockDescriptor}). */
    public void writeTo(KeyGroupSink sink) {
        int[] eventStarts = groupByKeyGroup(eventTime);
        int[] processingStarts = groupByKeyGroup(processingTime);
        BlockWriter out = new BlockWriter();
        for (int i = 0; i < range.size(); i++) {
            out.reset();
            out.putInt(TimerBlockDescriptor.BEGIN_MARKER);
            out.putInt(range.start() + i);
            writeTimers(eventTime, eventStarts[i], eventStarts[i + 1], out);
            writeTimers(processingTime, processingStarts[i], processingStarts[i + 1], out);
            out.putInt(TimerBlockDescriptor.END_MARKER);
            sink.accept(range.start() + i, out.buffer(), 0, out.position());
        }
    }

    private void writeTimers(Timer<K>[] timers, int from, int to, BlockWriter out) {
        out.putInt(to - from);
        for (int t = from; t < to; t++) {
            out.putLong(timers[t].timestamp);
            out.putFramed(keyCodec, timers[t].key);
        }
    }

    /** Counting sort of {@code timers} by key group, in place; returns each key group's start index (plus the end). */
    private int[] groupByKeyGroup(Timer<K>[] timers) {
        int[] starts = new int[range.size() + 1];
        for (Timer<K> t : timers) {
            starts[t.keyGroup - range.start() + 1]++;
        }
        for (int i = 1; i < starts.length; i++) {
            starts[i] += starts[i - 1];
        }
        Timer<K>[] sorted = timers.clone();
        int[] next = starts.clone();
        for (Timer<K> t : sorted) {
            timers[next[t.keyGroup - range.start()]++] = t;
        }
        return starts;
    }
}
