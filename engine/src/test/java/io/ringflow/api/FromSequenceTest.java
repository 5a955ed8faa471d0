package io.ringflow.api;

import io.ringflow.connector.CollectSink;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Flink's {@code fromSequence(from, to)}: every number of the range once, across parallel subtasks; and {@code fromData}. */
class FromSequenceTest {
    @Test
    void shouldEmitEveryNumberOfTheRangeOnce() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3).setRingSize(16);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(-5, 994).map(n -> n * 2).sinkTo(sink);
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "from-sequence").status());
        List<Long> actual = new ArrayList<>(sink.getResults());
        actual.sort(null);
        assertEquals(LongStream.rangeClosed(-5, 994).map(n -> n * 2).boxed().toList(), actual);
    }

    @Test
    void shouldRefuseAnEmptyOrOverflowingRange() {
        StreamEnvironment env = StreamEnvironment.create();
        assertThrows(InvalidJobException.class, () -> env.fromSequence(2, 1));
        assertThrows(InvalidJobException.class, () -> env.fromSequence(Long.MIN_VALUE, Long.MAX_VALUE));
    }

    /** Flink 2's {@code fromData}, for elements and for a collection. */
    @Test
    void shouldReadFromDataAsFlink2Names() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> results = env.fromData("a", "b", "c").union(env.fromData(List.of("d", "e")))
            .map(String::toUpperCase).executeAndCollect()) {
            results.forEachRemaining(out::add);
        }
        out.sort(null);
        assertEquals(List.of("A", "B", "C", "D", "E"), out);
    }
}
