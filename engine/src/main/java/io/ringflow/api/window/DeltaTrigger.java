package io.ringflow.api.window;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;

/**
 * Fires when a record is more than {@code threshold} away ({@link DeltaFunction}) from the record
 * of the window's last firing (the window's first record before one), as Flink's {@code DeltaTrigger}.
 * That record is kept in per-window state, with the codec {@code Codecs.forClass(recordType)} finds
 * (Flink takes a serializer; a codec does not travel with a copied trigger, its class does).
 * Not for session windows.
 */
public final class DeltaTrigger<T, W extends Window> extends RecordTrigger<T, W> {
    private static final long serialVersionUID = 1L;
    private final double threshold;
    private final DeltaFunction<T> deltaFunction;
    private final Class<T> recordType;
    private transient ReducingStateDescriptor<T> last;

    private DeltaTrigger(double threshold, DeltaFunction<T> deltaFunction, Class<T> recordType) {
        if (deltaFunction == null || recordType == null) {
            throw new IllegalArgumentException("DeltaTrigger.of(threshold, deltaFunction, recordType) needs a delta function "
                + "and the class of the records it keeps, got " + deltaFunction + " and " + recordType);
        }
        this.threshold = threshold;
        this.deltaFunction = deltaFunction;
        this.recordType = recordType;
        lastFired(); // a record type without a codec is refused here, when the job is built
    }

    public static <T, W extends Window> DeltaTrigger<T, W> of(double threshold, DeltaFunction<T> deltaFunction,
                                                              Class<T> recordType) {
        return new DeltaTrigger<>(threshold, deltaFunction, recordType);
    }

    private ReducingStateDescriptor<T> lastFired() {
        if (last == null) {
            Codec<T> codec = Codecs.forClass(recordType);
            ReduceFunction<T> newest = (older, newer) -> newer; // a value state: the newest record added wins
            last = new ReducingStateDescriptor<>("delta-last", newest, codec);
        }
        return last;
    }

    @Override
    public TriggerResult onElement(T element, long timestamp, W window, TriggerContext ctx) throws Exception {
        ReducingState<T> kept = ctx.getPartitionedState(lastFired());
        T previous = kept.get();
        if (previous == null) {
            kept.add(element);
            return TriggerResult.CONTINUE;
        }
        if (deltaFunction.getDelta(previous, element) > threshold) {
            kept.add(element);
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(W window, TriggerContext ctx) {
        ctx.getPartitionedState(lastFired()).clear();
    }

    @Override
    public String toString() {
        return "DeltaTrigger(" + deltaFunction + ", " + threshold + ")";
    }
}
