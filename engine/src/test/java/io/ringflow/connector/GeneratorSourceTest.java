package io.ringflow.connector;

import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.testing.Jobs;
import io.ringflow.api.connector.Boundedness;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GeneratorSourceTest {
    static SourceReaderContext context(int subtask, int parallelism) {
        return new SourceReaderContext() {
            @Override
            public int subtaskIndex() {
                return subtask;
            }

            @Override
            public int parallelism() {
                return parallelism;
            }

            @Override
            public long currentTimeMillis() {
                return 0;
            }
        };
    }

    private static final class ListOutput<T> implements ReaderOutput<T> {
        final List<T> records = new ArrayList<>();

        @Override
        public void collect(T record) {
            records.add(record);
        }

        @Override
        public void collect(T record, long timestamp) {
            records.add(record);
        }
    }

    /** Polls until the end of input, within a deadline (a rate-limited reader returns NOTHING_AVAILABLE meanwhile). */
    private static <T> List<T> readAll(SourceReader<T> reader) throws Exception {
        ListOutput<T> output = new ListOutput<>();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (reader.pollNext(output) != InputStatus.END_OF_INPUT) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("reader did not end; read so far: " + output.records.size());
            }
            Thread.onSpinWait();
        }
        return output.records;
    }

    @ParameterizedTest(name = "count {0} over {1} subtasks")
    @CsvSource({"10, 1", "10, 3", "2, 4", "0, 2", "1000, 4"})
    void shouldSplitABoundedCountExactlyOverSubtasks(long count, int parallelism) throws Exception {
        GeneratorSource<Long> source = GeneratorSource.bounded(count, n -> n);
        List<Long> all = new ArrayList<>();
        for (int subtask = 0; subtask < parallelism; subtask++) {
            List<Long> read = readAll(source.createReader(context(subtask, parallelism)));
            int index = subtask;
            LongStream.range(0, count).filter(n -> n % parallelism == index)
                .forEach(n -> assertEquals(n, read.get((int) (n / parallelism)), "subtask " + index + " in order"));
            all.addAll(read);
        }
        all.sort(null);
        assertEquals(LongStream.range(0, count).boxed().toList(), all, "every sequence number exactly once");
    }

    @Test
    void shouldEndWithTheLastRecordAndStayEnded() throws Exception {
        GeneratorSource.Reader<String> reader = GeneratorSource.bounded(2, n -> "r" + n).createReader(context(0, 1));
        ListOutput<String> output = new ListOutput<>();
        assertEquals(InputStatus.MORE_AVAILABLE, reader.pollNext(output));
        assertEquals(InputStatus.END_OF_INPUT, reader.pollNext(output));
        assertEquals(InputStatus.END_OF_INPUT, reader.pollNext(output));
        assertEquals(List.of("r0", "r1"), output.records);
    }

    @Test
    void shouldEmitEverythingWhenRateLimited() throws Exception {
        GeneratorSource<Long> source = GeneratorSource.bounded(200, n -> n).withRate(100_000);
        List<Long> all = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            all.addAll(readAll(source.createReader(context(subtask, 2))));
        }
        all.sort(null);
        assertEquals(LongStream.range(0, 200).boxed().toList(), all);
    }

    @Test
    void shouldResumeFromASeekedPosition() throws Exception {
        GeneratorSource.Reader<Long> reader = GeneratorSource.bounded(10, n -> n).createReader(context(1, 2));
        ListOutput<Long> output = new ListOutput<>();
        reader.pollNext(output);
        assertEquals(3, reader.position());
        reader.seek(7);
        assertEquals(List.of(7L, 9L), readAll(reader));
    }

    @Test
    void shouldDescribeItsRecordsAndBoundedness() {
        GeneratorSource<Long> bounded = GeneratorSource.bounded(5, n -> n);
        assertEquals(Boundedness.BOUNDED, bounded.boundedness());
        assertEquals(Long.class, bounded.producedType());
        assertEquals(Boundedness.CONTINUOUS_UNBOUNDED, GeneratorSource.unbounded(n -> n).boundedness());
        GeneratorSource<String> coded = GeneratorSource.<String>unbounded(n -> "x").withCodec(Codecs.STRING);
        assertSame(Codecs.STRING, coded.codec());
        assertEquals(String.class, coded.producedType());
    }

    @Test
    void shouldRejectNegativeCountAndRate() {
        assertThrows(IllegalArgumentException.class, () -> GeneratorSource.bounded(-1, n -> n));
        assertThrows(IllegalArgumentException.class, () -> GeneratorSource.bounded(1, n -> n).withRate(-5));
    }

    @Test
    void shouldDeliverARateLimitedBoundedCountCompletelyInAJob() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(16);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSource(GeneratorSource.bounded(300, n -> n).withRate(30_000), WatermarkStrategy.noWatermarks(), "paced")
            .sinkTo(sink);
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "paced").status());
        List<Long> all = new ArrayList<>(sink.getResults());
        all.sort(null);
        assertEquals(LongStream.range(0, 300).boxed().toList(), all);
    }
}
