package io.ringflow.cli.run;

import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.GeneratorSource;

import java.nio.file.Path;

/**
 * A program for {@code ringflow run}: the numbers 0..N-1 at a rate, across a ring, into an
 * exactly-once Chronicle log. It sets no checkpointing of its own: that comes from {@code --config}.
 * Arguments: {@code NAME RECORDS RATE OUTPUT_DIR}.
 */
public final class CountingJob {
    private CountingJob() {
    }

    public static void main(String[] args) {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromSource(GeneratorSource.bounded(Long.parseLong(args[1]), sequence -> sequence)
                    .withRate(Double.parseDouble(args[2])).withCodec(Codecs.forClass(Long.class)),
                WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
            .rebalance()
            .map(n -> n).uid("identity")
            .sinkTo(ChronicleLogSink.exactlyOnce(Path.of(args[3]), Codecs.forClass(Long.class))).uid("log");
        env.execute(args[0]);
    }
}
