package io.ringflow.bench.harness;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.Boundedness;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.Source;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The workloads' source: events {@code seq = 0, 1, 2, ...} with {@code key = seq % keys},
 * {@code value = seq}, one per poll, either as fast as the engine takes them or at a fixed
 * rate. At a fixed rate event {@code i} is due at {@code t0 + i / rate} ({@code t0} = first
 * emission); a source behind schedule catches up back to back, one ahead of it reports nothing
 * available and sleeps until the next due time but at least {@link #MIN_SLEEP_NS}. The task's
 * idle strategy then decides how soon it is polled again. {@link SourceStats} records how far
 * the source ever fell behind, which latency measured from emission would otherwise hide.
 * The position (the next {@code seq}) is checkpointed, so a restore replays exactly from there;
 * W4's source is bounded: it ends after {@code limit} events. A fixed-rate source also ends when
 * {@link #endInput()} is called (W5: so that a last checkpoint covers every event emitted).
 */
final class SequenceSource implements Source<Event> {
    private static final long serialVersionUID = 1L;
    /** The wake-up floor of the workload definition (the Linux timer slack is about the same). */
    static final long MIN_SLEEP_NS = 50_000;

    private final long keys;
    private final long ratePerSecond;
    private final long limit;
    private final transient SourceStats stats = new SourceStats();
    private final transient AtomicBoolean endRequested = new AtomicBoolean();

    /** An unbounded source; @param ratePerSecond events per second, 0 = unlimited */
    SequenceSource(long keys, long ratePerSecond) {
        this(keys, ratePerSecond, Long.MAX_VALUE);
    }

    /** @param limit the number of events before end of input ({@code Long.MAX_VALUE}: unbounded) */
    SequenceSource(long keys, long ratePerSecond, long limit) {
        this.keys = keys;
        this.ratePerSecond = ratePerSecond;
        this.limit = limit;
    }

    SourceStats stats() {
        return stats;
    }

    /** A fixed-rate reader emits nothing more and reports the end of its input at its next poll. */
    void endInput() {
        endRequested.set(true);
    }

    @Override
    public Boundedness boundedness() {
        return limit == Long.MAX_VALUE ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public Codec<Event> codec() {
        return Codecs.forClass(Event.class);
    }

    @Override
    public Class<?> producedType() {
        return Event.class;
    }

    @Override
    public SourceReader<Event> createReader(SourceReaderContext context) {
        return ratePerSecond == 0 ? new Unlimited(keys, limit) : new FixedRate(keys, ratePerSecond, limit, stats, endRequested);
    }

    /** The checkpointed position of a reader: the next sequence number. */
    private abstract static class Positioned implements SourceReader<Event> {
        long seq;

        @Override
        public byte[] snapshotPosition(long checkpointId) {
            return ByteBuffer.allocate(Long.BYTES).putLong(seq).array();
        }

        @Override
        public void restorePosition(byte[] position) {
            seq = ByteBuffer.wrap(position).getLong();
        }
    }

    /** Emits one event per poll; back-pressure throttles it through the task's batch limit. */
    private static final class Unlimited extends Positioned {
        private final long keys;
        private final long limit;

        Unlimited(long keys, long limit) {
            this.keys = keys;
            this.limit = limit;
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Event> output) {
            if (seq >= limit) {
                return InputStatus.END_OF_INPUT;
            }
            long next = seq++;
            output.collect(new Event(next % keys, next, System.nanoTime()));
            return seq < limit ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
        }
    }

    /** Emits an event only when it is due; reports its lag behind the schedule to {@link SourceStats}. */
    private static final class FixedRate extends Positioned {
        private final long keys;
        private final long rate;
        private final long limit;
        private final SourceStats stats;
        private final AtomicBoolean endRequested;
        private long startNs;
        private long sleepUntilNs;

        FixedRate(long keys, long rate, long limit, SourceStats stats, AtomicBoolean endRequested) {
            this.keys = keys;
            this.rate = rate;
            this.limit = limit;
            this.stats = stats;
            this.endRequested = endRequested;
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Event> output) {
            if (seq >= limit || endRequested.get()) {
                return InputStatus.END_OF_INPUT;
            }
            long nowNs = System.nanoTime();
            if (startNs == 0) {
                // After a restore the schedule continues from the restored position.
                startNs = nowNs - seq * 1_000_000_000L / rate;
                stats.schedule(rate, startNs);
            } else if (nowNs < sleepUntilNs) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            long dueNs = startNs + seq * 1_000_000_000L / rate;
            if (nowNs < dueNs) {
                sleepUntilNs = Math.max(dueNs, nowNs + MIN_SLEEP_NS);
                return InputStatus.NOTHING_AVAILABLE;
            }
            stats.emitting(seq, nowNs);
            long next = seq++;
            output.collect(new Event(next % keys, next, System.nanoTime()));
            return InputStatus.MORE_AVAILABLE;
        }
    }
}
