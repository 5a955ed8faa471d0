package io.ringflow.operator;

import io.ringflow.api.OutputTag;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.ProcessJoinFunction;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code left.intervalJoin(right).between(lower, upper).process(f)}, as Flink's
 * {@code IntervalJoinOperator}: each side's records wait in keyed {@code MapState<timestamp, records>}
 * buffers; a record is joined with the other side's buffered records in its interval and buffered
 * itself until the watermark passes the last time a record of the other side could join it, when
 * an event-time timer removes it. Records behind the watermark are late: sent to the side's late-data
 * side output when one is set ({@code sideOutputLeftLateData}), else dropped and counted. Bounds are
 * inclusive here; exclusive ones arrive narrowed by one millisecond.
 */
public final class IntervalJoinOperator<K, L, R, OUT> extends TwoInputUdfOperator<K, L, R, OUT, ProcessJoinFunction<L, R, OUT>>
    implements ProcessJoinFunction.Context {
    public static final String LEFT_BUFFER = "_interval-join-left";
    public static final String RIGHT_BUFFER = "_interval-join-right";

    private final long lowerBound;
    private final long upperBound;
    private final Codec<L> leftCodec;
    private final Codec<R> rightCodec;
    private MapState<Long, List<L>> leftBuffer;
    private MapState<Long, List<R>> rightBuffer;
    private TimestampedCollector<OUT> collector;
    private long leftTimestamp;
    private long rightTimestamp;
    private long resultTimestamp;
    private volatile long lateRecords; // written by the task thread only, read by JMX
    private final String leftLateTag;
    private final String rightLateTag;

    public IntervalJoinOperator(ProcessJoinFunction<L, R, OUT> function, long lowerBound, long upperBound,
                                KeySelector<L, K> leftKey, KeySelector<R, K> rightKey, Codec<K> keyCodec,
                                Codec<L> leftCodec, Codec<R> rightCodec) {
        this(function, lowerBound, upperBound, leftKey, rightKey, keyCodec, leftCodec, rightCodec, null, null);
    }

    /** {@code leftLateTag}, {@code rightLateTag}: the side outputs of each side's late records, or null to drop them. */
    public IntervalJoinOperator(ProcessJoinFunction<L, R, OUT> function, long lowerBound, long upperBound,
                                KeySelector<L, K> leftKey, KeySelector<R, K> rightKey, Codec<K> keyCodec,
                                Codec<L> leftCodec, Codec<R> rightCodec, String leftLateTag, String rightLateTag) {
        super(function, leftKey, rightKey, keyCodec);
        this.leftLateTag = leftLateTag;
        this.rightLateTag = rightLateTag;
        if (lowerBound > upperBound) {
            throw new IllegalArgumentException("interval join bounds " + lowerBound + " > " + upperBound);
        }
        this.lowerBound = lowerBound;
        this.upperBound = upperBound;
        this.leftCodec = leftCodec;
        this.rightCodec = rightCodec;
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        super.open();
        leftBuffer = keyed.state.getMapState(new MapStateDescriptor<>(LEFT_BUFFER, Codecs.forClass(Long.class),
            Codecs.listOf(leftCodec)));
        rightBuffer = keyed.state.getMapState(new MapStateDescriptor<>(RIGHT_BUFFER, Codecs.forClass(Long.class),
            Codecs.listOf(rightCodec)));
    }

    @Override
    protected void process1(L value, long timestamp) throws Exception {
        if (admit(value, timestamp, "left", leftLateTag)) {
            buffer(leftBuffer, value, timestamp);
            for (Map.Entry<Long, List<R>> bucket : rightBuffer.entries()) {
                long other = bucket.getKey();
                if (other >= timestamp + lowerBound && other <= timestamp + upperBound) {
                    for (R right : bucket.getValue()) {
                        collect(value, right, timestamp, other);
                    }
                }
            }
            // the last right record that can join arrives at timestamp + upperBound
            keyed.timers.registerEventTimeTimer(keyed.state.getCurrentKey(), upperBound > 0 ? timestamp + upperBound : timestamp);
        }
    }

    @Override
    protected void process2(R value, long timestamp) throws Exception {
        if (admit(value, timestamp, "right", rightLateTag)) {
            buffer(rightBuffer, value, timestamp);
            for (Map.Entry<Long, List<L>> bucket : leftBuffer.entries()) {
                long other = bucket.getKey();
                if (timestamp >= other + lowerBound && timestamp <= other + upperBound) {
                    for (L left : bucket.getValue()) {
                        collect(left, value, other, timestamp);
                    }
                }
            }
            keyed.timers.registerEventTimeTimer(keyed.state.getCurrentKey(), lowerBound < 0 ? timestamp - lowerBound : timestamp);
        }
    }

    /** False for a late record (to its side output, else dropped and counted); fails for one without a timestamp. */
    private <T> boolean admit(T value, long timestamp, String side, String lateTag) {
        if (timestamp == Long.MIN_VALUE) {
            throw new IllegalStateException("a " + side + " record of interval join " + context.operatorName()
                + " has no timestamp; intervalJoin is event time only: give its source a WatermarkStrategy with a "
                + "timestamp assigner (fromSource(source, WatermarkStrategy.forBoundedOutOfOrderness(d)"
                + ".withTimestampAssigner(...), name))");
        }
        if (currentWatermark != Long.MIN_VALUE && timestamp < currentWatermark) {
            Output<T> late = lateTag == null ? null : output.sideOutput(lateTag);
            if (late != null) {
                late.collect(value, timestamp);
            } else {
                lateRecords++;
            }
            return false;
        }
        return true;
    }

    private static <T> void buffer(MapState<Long, List<T>> buffer, T value, long timestamp) throws Exception {
        List<T> bucket = buffer.get(timestamp);
        List<T> updated = bucket == null ? new ArrayList<>(1) : new ArrayList<>(bucket);
        updated.add(value);
        buffer.put(timestamp, updated);
    }

    private void collect(L left, R right, long leftTs, long rightTs) throws Exception {
        leftTimestamp = leftTs;
        rightTimestamp = rightTs;
        resultTimestamp = Math.max(leftTs, rightTs);
        collector.setTimestamp(resultTimestamp);
        function.processElement(left, right, this, collector);
    }

    /**
     * A cleanup timer: a timer has no namespace here, so one time removes both the left bucket
     * whose timer is at that time and the right one; each side's bucket time maps to one timer
     * time, so a bucket is removed exactly when its own timer is due.
     */
    @Override
    protected void onEventTime(K key, long timestamp) throws Exception {
        leftBuffer.remove(upperBound > 0 ? timestamp - upperBound : timestamp);
        rightBuffer.remove(lowerBound < 0 ? timestamp + lowerBound : timestamp);
    }

    /** Buffered records of both sides over all keys: those the cleanup timers have not removed yet. */
    int bufferedRecords() throws Exception {
        int records = 0;
        for (K key : keyed.state.keys(LEFT_BUFFER)) {
            keyed.state.setCurrentKey(key);
            for (List<L> bucket : leftBuffer.values()) {
                records += bucket.size();
            }
        }
        for (K key : keyed.state.keys(RIGHT_BUFFER)) {
            keyed.state.setCurrentKey(key);
            for (List<R> bucket : rightBuffer.values()) {
                records += bucket.size();
            }
        }
        return records;
    }

    /** Records dropped as late by this subtask since it opened. */
    @Override
    public long numLateRecordsDropped() {
        return lateRecords;
    }

    @Override
    public long getLeftTimestamp() {
        return leftTimestamp;
    }

    @Override
    public long getRightTimestamp() {
        return rightTimestamp;
    }

    @Override
    public long getTimestamp() {
        return resultTimestamp;
    }

    @Override
    public <X> void output(OutputTag<X> outputTag, X value) {
        SideOutputRouting.emit(output, outputTag, value, resultTimestamp);
    }
}
