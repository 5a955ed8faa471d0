package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.ProcessJoinFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.CollectSink;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import io.ringflow.testing.QueueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sideOutputLeftLateData} / {@code sideOutputRightLateData} of an interval join at
 * parallelism 2, against a plain-Java nested loop. The late records are late whatever the order in
 * which the join reads its two inputs: they are offered only once the join's watermark passed
 * {@link #WATERMARK} (seen by a timer downstream), and no record after them raises it.
 */
class IntervalJoinLateDataTest {
    private static final long LOWER_MS = -20;
    private static final long UPPER_MS = 30;
    private static final long BOUND_MS = 10;
    private static final long LAST_TIME = 1_000;
    /** The watermark of both inputs after their records at {@link #LAST_TIME}. */
    private static final long WATERMARK = LAST_TIME - BOUND_MS - 1;
    private static final int KEYS = 4;
    private static final Codec<Rec> RECS = Codecs.forClass(Rec.class);
    private static final OutputTag<Rec> LEFT_LATE = new OutputTag<>("left-late", Rec.class);
    private static final OutputTag<Rec> RIGHT_LATE = new OutputTag<>("right-late", Rec.class);
    static final AtomicBoolean WATERMARK_PASSED = new AtomicBoolean();

    record Rec(long key, long n, long time) {
    }

    record Pair(long key, long left, long right) {
    }

    @BeforeEach
    void reset() {
        WATERMARK_PASSED.set(false);
    }

    /** Phase 1: out of order within the bound, never late, ending with a record at LAST_TIME. */
    private static List<Rec> onTime(long salt) {
        List<Rec> records = new ArrayList<>();
        for (long n = 0; n < 400; n++) {
            records.add(new Rec(n % KEYS, n, 2 * n + (n * salt) % BOUND_MS));
        }
        records.add(new Rec(0, 400, LAST_TIME));
        return records;
    }

    /** Phase 2: late records (behind the watermark) mixed with on-time ones in (WATERMARK, LAST_TIME]. */
    private static List<Rec> afterWatermark(long salt) {
        List<Rec> records = new ArrayList<>();
        for (long n = 401; n < 501; n++) {
            long time = n % 3 == 0 ? WATERMARK + 1 + (n * salt) % (LAST_TIME - WATERMARK) : 500 + (n * salt) % (WATERMARK - 500);
            records.add(new Rec(n % KEYS, n, time));
        }
        return records;
    }

    @ParameterizedTest(name = "late data to side outputs: {0}")
    @ValueSource(booleans = {true, false})
    void shouldSendLateRecordsToTheirSideOrCountThemDropped(boolean sideOutputs) {
        List<Rec> lefts = new ArrayList<>(onTime(7_919));
        List<Rec> rights = new ArrayList<>(onTime(104_729));
        List<Rec> lateLefts = late(afterWatermark(31));
        List<Rec> lateRights = late(afterWatermark(17));
        assertTrue(lateLefts.size() > 20 && lateRights.size() > 20, "a test with late records on both sides");

        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64).setAutoWatermarkInterval(Duration.ZERO);
        QueueSource<Rec> left = new QueueSource<>(1, RECS);
        QueueSource<Rec> right = new QueueSource<>(1, RECS);
        KeyedStream.IntervalJoined<Rec, Rec, Long> joined = input(env, left, "left").intervalJoin(input(env, right, "right"))
            .between(Duration.ofMillis(LOWER_MS), Duration.ofMillis(UPPER_MS));
        if (sideOutputs) {
            joined.sideOutputLeftLateData(LEFT_LATE).sideOutputRightLateData(RIGHT_LATE);
        }
        SingleOutputStreamOperator<Pair> pairs = joined.process(new Join());
        CollectSink<Pair> results = new CollectSink<>();
        pairs.keyBy(Pair::key).process(new WatermarkWatch()).sinkTo(results);
        CollectSink<Rec> leftLate = new CollectSink<>();
        CollectSink<Rec> rightLate = new CollectSink<>();
        pairs.getSideOutput(LEFT_LATE).sinkTo(leftLate);
        pairs.getSideOutput(RIGHT_LATE).sinkTo(rightLate);

        JobClient job = env.executeAsync("interval-join-late-" + sideOutputs);
        try {
            left.offer(0, lefts.toArray(Rec[]::new));
            right.offer(0, rights.toArray(Rec[]::new));
            Eventually.await("the join's watermark at " + WATERMARK, WATERMARK_PASSED::get);
            List<Rec> leftsAfter = afterWatermark(31);
            List<Rec> rightsAfter = afterWatermark(17);
            left.offer(0, leftsAfter.toArray(Rec[]::new));
            right.offer(0, rightsAfter.toArray(Rec[]::new));
            lefts.addAll(leftsAfter);
            rights.addAll(rightsAfter);
            left.endAll();
            right.endAll();
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        lefts.removeAll(lateLefts);
        rights.removeAll(lateRights);
        assertEquals(sorted(nestedLoop(lefts, rights)), sorted(results.getResults()));
        if (sideOutputs) {
            assertEquals(lateLefts, byN(leftLate.getResults()));
            assertEquals(lateRights, byN(rightLate.getResults()));
            assertEquals(0, job.numLateRecordsDropped());
        } else {
            assertEquals(List.of(), leftLate.getResults());
            assertEquals(lateLefts.size() + lateRights.size(), job.numLateRecordsDropped());
        }
    }

    private static KeyedStream<Rec, Long> input(StreamEnvironment env, QueueSource<Rec> source, String name) {
        return env.fromSource(source, WatermarkStrategy.<Rec>forBoundedOutOfOrderness(Duration.ofMillis(BOUND_MS))
                .withTimestampAssigner((r, ts) -> r.time()), name).returns(RECS).setParallelism(1)
            .keyBy(Rec::key);
    }

    static final class Join extends ProcessJoinFunction<Rec, Rec, Pair> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Rec l, Rec r, Context ctx, Collector<Pair> out) {
            out.collect(new Pair(l.key(), l.n(), r.n()));
        }
    }

    /** Passes the pairs on; tells the test once the watermark reached {@link #WATERMARK}. */
    static final class WatermarkWatch extends KeyedProcessFunction<Long, Pair, Pair> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Pair pair, Context ctx, Collector<Pair> out) {
            ctx.timerService().registerEventTimeTimer(WATERMARK);
            out.collect(pair);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Pair> out) {
            if (timestamp == WATERMARK) {
                WATERMARK_PASSED.set(true);
            }
        }
    }

    private static List<Rec> late(List<Rec> records) {
        return records.stream().filter(r -> r.time() < WATERMARK).toList();
    }

    private static List<Pair> nestedLoop(List<Rec> lefts, List<Rec> rights) {
        List<Pair> pairs = new ArrayList<>();
        for (Rec l : lefts) {
            for (Rec r : rights) {
                if (l.key() == r.key() && r.time() >= l.time() + LOWER_MS && r.time() <= l.time() + UPPER_MS) {
                    pairs.add(new Pair(l.key(), l.n(), r.n()));
                }
            }
        }
        return pairs;
    }

    private static List<Pair> sorted(List<Pair> pairs) {
        return pairs.stream().sorted(Comparator.comparingLong(Pair::left).thenComparingLong(Pair::right)).toList();
    }

    private static List<Rec> byN(List<Rec> records) {
        return records.stream().sorted(Comparator.comparingLong(Rec::n)).toList();
    }
}
