package io.ringflow.cli.run;

import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.ChronicleLogSource;
import io.ringflow.connector.GeneratorSource;

import java.nio.file.Path;

/**
 * Two programs for {@code ringflow run} chained through an exactly-once Chronicle log; checkpointing
 * comes from {@code --config}. {@link First} writes {@code 3n} for each {@code n} of {@code 0..N-1};
 * {@link Second} tails that log read-committed and writes {@code 3n + 1}.
 */
final class ChainedLogJobs {
    static final Codec<Long> LONGS = Codecs.forClass(Long.class);
    static final int KEYS = 16;

    private ChainedLogJobs() {
    }

    /**
     * A bounded generator at parallelism 2 → keyBy → map → exactly-once log. Arguments:
     * {@code NAME RECORDS RATE OUTPUT_LOG}.
     */
    public static final class First {
        private First() {
        }

        public static void main(String[] args) {
            StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
            env.fromSource(GeneratorSource.bounded(Long.parseLong(args[1]), n -> n).withRate(Double.parseDouble(args[2]))
                        .withCodec(LONGS), WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
                .keyBy(n -> n % KEYS)
                .map(n -> n * 3).uid("triple")
                .sinkTo(ChronicleLogSink.exactlyOnce(Path.of(args[3]), LONGS)).uid("log-a");
            env.execute(args[0]);
        }
    }

    /**
     * A tailing read-committed source of the first job's log at parallelism 2 (one queue per
     * subtask) → keyBy → map → exactly-once log at parallelism 3; it never ends by itself.
     * Arguments: {@code NAME INPUT_LOG OUTPUT_LOG}.
     */
    public static final class Second {
        private Second() {
        }

        public static void main(String[] args) {
            StreamEnvironment env = StreamEnvironment.create().setParallelism(3);
            env.fromSource(ChronicleLogSource.tailing(Path.of(args[1]), LONGS), WatermarkStrategy.noWatermarks(), "log-a")
                    .uid("log-a").setParallelism(2)
                .keyBy(n -> n % KEYS)
                .map(n -> n + 1).uid("plus-one")
                .sinkTo(ChronicleLogSink.exactlyOnce(Path.of(args[2]), LONGS)).uid("log-b");
            env.execute(args[0]);
        }
    }
}
