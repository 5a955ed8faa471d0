package io.ringflow.api;

import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code print()} and {@code printToErr()} write Flink's lines: {@code identifier:subtask> record}. */
class PrintTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdOut;
    private PrintStream stdErr;

    @BeforeEach
    void capture() {
        stdOut = System.out;
        stdErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdOut);
        System.setErr(stdErr);
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void shouldPrintEveryRecordWithItsSubtask(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        DataStream<Long> numbers = env.fromSource(GeneratorSource.bounded(200, n -> n), WatermarkStrategy.noWatermarks(), "n")
            .setParallelism(1);
        numbers.filter(n -> n % 2 == 0).print(); // from one source subtask, rebalanced over p filters
        numbers.filter(n -> n % 2 == 1).printToErr("odd");

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "print-p" + parallelism).status());

        List<Long> evens = LongStream.range(0, 200).filter(n -> n % 2 == 0).boxed().toList();
        List<Long> odds = LongStream.range(0, 200).filter(n -> n % 2 == 1).boxed().toList();
        assertEquals(evens, values(lines(out), "", parallelism));
        assertEquals(odds, values(lines(err), "odd", parallelism));
    }

    /** The records of the lines, sorted, after checking each line's prefix: {@code id:subtask> }, parts left out as Flink does. */
    private static List<Long> values(List<String> lines, String identifier, int parallelism) {
        Pattern form = Pattern.compile((identifier.isEmpty() ? "" : identifier + (parallelism > 1 ? ":" : "> "))
            + (parallelism > 1 ? "([1-" + parallelism + "])> " : "") + "(\\d+)");
        List<Long> values = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = form.matcher(line);
            assertTrue(matcher.matches(), "'" + line + "' has the form " + form);
            values.add(Long.parseLong(matcher.group(matcher.groupCount())));
        }
        values.sort(null);
        return values;
    }

    private static List<String> lines(ByteArrayOutputStream bytes) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
    }

}
