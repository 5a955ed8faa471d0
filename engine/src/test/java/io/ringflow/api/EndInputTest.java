package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.CoProcessFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.CollectSink;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import io.ringflow.testing.QueueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Per-input end of input of a two-input operator ({@code endInput(inputId)}), at parallelism 2:
 * each subtask hears of each input's end once, in the order the inputs end, and a
 * {@code CoProcessFunction} that holds back input 2 until input 1 (a side input, broadcast) was read
 * in full emits exactly what the plain computation does. The second input is fed only once every
 * subtask heard the first one end, so the order is the test's, not the scheduler's.
 */
class EndInputTest {
    private static final int PARALLELISM = 2;
    private static final List<Long> SIDE = LongStream.rangeClosed(1, 100).boxed().toList();
    private static final List<Long> MAIN = LongStream.range(0, 5_000).boxed().toList();
    static final Queue<String> ENDS = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void reset() {
        ENDS.clear();
    }

    /** Adds the sum of the whole side input to every main record: held back until the side input ended. */
    static final class AddSideSum extends CoProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;
        private transient long sum;
        private transient boolean sideEnded;
        private transient List<Long> waiting;

        @Override
        public void open() {
            waiting = new ArrayList<>();
        }

        @Override
        public void processElement1(Long side, Context ctx, Collector<Long> out) {
            sum += side;
        }

        @Override
        public void processElement2(Long value, Context ctx, Collector<Long> out) {
            if (sideEnded) {
                out.collect(value + sum);
            } else {
                waiting.add(value);
            }
        }

        @Override
        public void endInput(int inputId, Collector<Long> out) {
            ENDS.add(getRuntimeContext().getIndexOfThisSubtask() + ":" + inputId);
            if (inputId == 1) {
                sideEnded = true;
                waiting.forEach(value -> out.collect(value + sum));
                waiting.clear();
            }
        }
    }

    @ParameterizedTest(name = "input {0} ends first")
    @ValueSource(ints = {1, 2})
    void shouldTellEachInputsEndInTheOrderTheyEnd(int endsFirst) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(PARALLELISM).setRingSize(64);
        QueueSource<Long> side = new QueueSource<>(1, Codecs.LONG);
        QueueSource<Long> main = new QueueSource<>(1, Codecs.LONG);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSource(side, WatermarkStrategy.noWatermarks(), "side").setParallelism(1).broadcast()
            .connect(env.fromSource(main, WatermarkStrategy.noWatermarks(), "main").setParallelism(1))
            .process(new AddSideSum())
            .sinkTo(sink);

        QueueSource<Long> first = endsFirst == 1 ? side : main;
        QueueSource<Long> second = endsFirst == 1 ? main : side;
        JobClient job = env.executeAsync("end-input-" + endsFirst);
        try {
            first.offer(0, (endsFirst == 1 ? SIDE : MAIN).toArray(Long[]::new));
            first.endAll();
            Eventually.await("every subtask heard input " + endsFirst + " end",
                () -> ENDS.stream().filter(e -> e.endsWith(":" + endsFirst)).count() == PARALLELISM, ENDS::toString);
            second.offer(0, (endsFirst == 1 ? MAIN : SIDE).toArray(Long[]::new));
            second.endAll();
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }

        int endsSecond = 3 - endsFirst;
        Map<Integer, List<Integer>> order = new TreeMap<>();
        for (String end : ENDS) {
            String[] parts = end.split(":");
            order.computeIfAbsent(Integer.parseInt(parts[0]), s -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        assertEquals(Map.of(0, List.of(endsFirst, endsSecond), 1, List.of(endsFirst, endsSecond)), order,
            "each subtask: each input once, in the order they ended");
        long sideSum = SIDE.stream().mapToLong(Long::longValue).sum();
        List<Long> expected = MAIN.stream().map(value -> value + sideSum).sorted().toList();
        assertEquals(expected, sink.getResults().stream().sorted().toList());
    }
}
