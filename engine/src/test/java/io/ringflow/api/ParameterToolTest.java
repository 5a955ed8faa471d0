package io.ringflow.api;

import io.ringflow.api.functions.OpenContext;
import io.ringflow.api.functions.RichMapFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flink's ParameterTool, and global job parameters reaching every function of a parallel job. */
@Timeout(60)
class ParameterToolTest {
    @Test
    void shouldParseArgumentsAsFlink() {
        ParameterTool params = ParameterTool.fromArgs(new String[] {"--input", "in.txt", "-parallelism", "4", "--verbose",
            "--offset", "-5", "--ratio", "0.5"});
        assertEquals("in.txt", params.get("input"));
        assertEquals(4, params.getInt("parallelism"));
        assertEquals(ParameterTool.NO_VALUE_KEY, params.get("verbose"));
        assertTrue(params.has("verbose"));
        assertEquals(-5, params.getLong("offset"), "a negative number is a value, not a key");
        assertEquals(0.5, params.getDouble("ratio"));
        assertEquals("out.txt", params.get("output", "out.txt"));
        assertEquals(7, params.getInt("missing", 7));
        assertFalse(params.getBoolean("missing", false));
        assertEquals(5, params.getNumberOfParameters());
        RuntimeException missing = assertThrows(RuntimeException.class, () -> params.getRequired("output"));
        assertEquals("No data for required key 'output'", missing.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> ParameterTool.fromArgs(new String[] {"input", "x"}));
        assertTrue(bad.getMessage().contains("Please prefix keys with -- or -"), bad.getMessage());
    }

    @Test
    void shouldReadAPropertiesFileAndMerge(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, "input=a.txt\nwindow=10\n");
        ParameterTool merged = ParameterTool.fromPropertiesFile(file.toString())
            .mergeWith(ParameterTool.fromArgs(new String[] {"--window", "20"}));
        assertEquals(Map.of("input", "a.txt", "window", "20"), merged.toMap());
        assertThrows(java.io.FileNotFoundException.class, () -> ParameterTool.fromPropertiesFile(dir.resolve("none").toString()));
    }

    /** Adds the global parameter {@code offset} to each value; reads it once, in open(). */
    public static class AddOffset extends RichMapFunction<Long, Long> {
        private transient long offset;

        @Override
        public void open(OpenContext context) {
            offset = Long.parseLong(getRuntimeContext().getGlobalJobParameters().get("offset"));
        }

        @Override
        public Long map(Long value) {
            return value + offset;
        }
    }

    @Test
    void shouldHandGlobalJobParametersToEveryFunction() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        ParameterTool params = ParameterTool.fromArgs(new String[] {"--offset", "1000"});
        env.getConfig().setGlobalJobParameters(params);
        assertEquals(params, env.getConfig().getGlobalJobParameters());
        List<Long> out = new ArrayList<>();
        try (CloseableIterator<Long> results = env.fromSequence(1, 100).map(new AddOffset()).executeAndCollect()) {
            results.forEachRemaining(out::add);
        }
        out.sort(null);
        assertEquals(1001L, out.get(0));
        assertEquals(1100L, out.get(99));
        assertEquals(100, out.size());
    }
}
