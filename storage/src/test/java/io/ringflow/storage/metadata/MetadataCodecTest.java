package io.ringflow.storage.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.CorruptCheckpointException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataCodecTest {
    private static final String SOURCE = "/data/chk-4/_metadata";

    private static CheckpointMetadata sample() {
        SubtaskMetadata fileState = new SubtaskMetadata(0, new KeyGroupRange(0, 63),
            StreamHandle.file("op-sum-0.state", 123_456, 0xCAFEBABE), null);
        SubtaskMetadata inlineState = new SubtaskMetadata(1, new KeyGroupRange(64, 127),
            StreamHandle.inline(new byte[] {1, 2, 3, 4}, 42), new byte[] {0, 0, 7});
        SubtaskMetadata noState = new SubtaskMetadata(0, new KeyGroupRange(0, 127), null, new byte[0]);
        ChannelStateMetadata channel = new ChannelStateMetadata(
            new ChannelDescriptor("map: \"a\"", 1, "sum", 0, 2), 17, StreamHandle.file("inflight.data", 900, -1));
        return new CheckpointMetadata(MetadataDescriptor.FORMAT_VERSION, CheckpointKind.SAVEPOINT, "job-1", 4,
            1_795_000_000_123L, List.of(new OperatorMetadata("sum", 2, 128, List.of(fileState, inlineState)),
            new OperatorMetadata("map: \"a\"", 1, 128, List.of(noState))), List.of(channel));
    }

    @Test
    void shouldReadBackWhatItWrote() {
        CheckpointMetadata written = sample();

        CheckpointMetadata read = MetadataReader.decode(MetadataWriter.encode(written), SOURCE);

        assertEquals(written.kind(), read.kind());
        assertEquals(written.jobId(), read.jobId());
        assertEquals(written.checkpointId(), read.checkpointId());
        assertEquals(written.completedAtMs(), read.completedAtMs());
        assertEquals(written.channels().get(0).channel(), read.channels().get(0).channel());
        assertEquals(written.channels().get(0).recordCount(), read.channels().get(0).recordCount());
        assertEquals(written.channels().get(0).records().crc32c(), read.channels().get(0).records().crc32c());
        for (int o = 0; o < written.operators().size(); o++) {
            OperatorMetadata w = written.operators().get(o);
            OperatorMetadata r = read.operators().get(o);
            assertEquals(w.uid(), r.uid());
            assertEquals(w.parallelism(), r.parallelism());
            assertEquals(w.maxParallelism(), r.maxParallelism());
            for (int s = 0; s < w.subtasks().size(); s++) {
                SubtaskMetadata ws = w.subtasks().get(s);
                SubtaskMetadata rs = r.subtasks().get(s);
                assertEquals(ws.keyGroups(), rs.keyGroups());
                assertArrayEquals(ws.sourcePosition(), rs.sourcePosition());
                assertEquals(ws.state() == null, rs.state() == null);
                if (ws.state() != null) {
                    assertEquals(ws.state().fileName(), rs.state().fileName());
                    assertArrayEquals(ws.state().inline(), rs.state().inline());
                    assertEquals(ws.state().length(), rs.state().length());
                    assertEquals(ws.state().crc32c(), rs.state().crc32c());
                }
            }
        }
        assertNull(read.operators().get(0).subtask(0).sourcePosition());
    }

    /** An incremental chain: a file base, an inline base, then the subtask's own stream. */
    private static CheckpointMetadata chain() {
        List<StreamHandle> base = List.of(StreamHandle.file("../shared/op-sum-0-c3-0000abcd.state", 4_096, 0x01020304),
            StreamHandle.inline(new byte[] {9, 8, 7}, 0x7FFFFFFF),
            StreamHandle.file("../shared/op-sum-0-c5-ffff0000.state", 77, -2));
        SubtaskMetadata link = new SubtaskMetadata(0, new KeyGroupRange(0, 63),
            StreamHandle.file("../shared/op-sum-0-c6-12345678.state", 1_000, 0xCAFEBABE), null, base);
        SubtaskMetadata full = new SubtaskMetadata(1, new KeyGroupRange(64, 127),
            StreamHandle.file("../shared/op-sum-1-c6-87654321.state", 2_000, 5), null);
        return new CheckpointMetadata(MetadataDescriptor.FORMAT_VERSION, CheckpointKind.CHECKPOINT, "job-1", 6,
            1_795_000_000_456L, List.of(new OperatorMetadata("sum", 2, 128, List.of(link, full))), List.of());
    }

    private static void assertSameHandles(List<StreamHandle> expected, List<StreamHandle> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).fileName(), actual.get(i).fileName(), "stream " + i);
            assertArrayEquals(expected.get(i).inline(), actual.get(i).inline(), "stream " + i);
            assertEquals(expected.get(i).length(), actual.get(i).length(), "stream " + i);
            assertEquals(expected.get(i).crc32c(), actual.get(i).crc32c(), "stream " + i);
        }
    }

    @Test
    void shouldEncodeTheSameBytesWithTheThreadsReusedTextAsWithAFreshOne() throws Exception {
        byte[][] fresh = new byte[2][];
        Thread first = new Thread(() -> fresh[0] = MetadataWriter.encode(chain()));
        Thread second = new Thread(() -> fresh[1] = MetadataWriter.encode(sample()));
        first.start();
        second.start();
        first.join();
        second.join();
        // both orders on this thread: neither may carry the other's tail
        for (int round = 0; round < 2; round++) {
            assertArrayEquals(fresh[0], MetadataWriter.encode(chain()));
            assertArrayEquals(fresh[1], MetadataWriter.encode(sample()));
        }
    }

    /**
     * The file is the UTF-8 that Java's own encoder gives for its text (multi-byte and surrogate
     * pairs too), with either quoting of a checksum, and a commit's encoding reuses its thread's
     * buffer instead of allocating the file anew.
     */
    @Test
    void shouldEncodeJavasUtf8IntoTheThreadsReusedBuffer() {
        StreamHandle digitFirst = StreamHandle.file("ünï-\uD83D\uDE42.state", 5, 0x0badf00d);
        StreamHandle letterFirst = StreamHandle.file("plain.state", 5, 0xCAFEBABE);
        CheckpointMetadata written = new CheckpointMetadata(MetadataDescriptor.FORMAT_VERSION, CheckpointKind.CHECKPOINT,
            "jöb \u2713", 1, 1L, List.of(new OperatorMetadata("öp \uD83D\uDE42", 1, 128,
            List.of(new SubtaskMetadata(0, new KeyGroupRange(0, 127), digitFirst, new byte[] {1})))),
            List.of(new ChannelStateMetadata(new ChannelDescriptor("a", 0, "b", 0, 0), 3, letterFirst)));

        MetadataWriter.Encoded first = MetadataWriter.encodeReusing(written);
        byte[] bytes = java.util.Arrays.copyOf(first.bytes(), first.length());
        MetadataWriter.Encoded second = MetadataWriter.encodeReusing(written);

        assertArrayEquals(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes);
        assertSame(first.bytes(), second.bytes());
        assertArrayEquals(bytes, java.util.Arrays.copyOf(second.bytes(), second.length()));
        CheckpointMetadata read = MetadataReader.decode(bytes, SOURCE);
        assertEquals("öp \uD83D\uDE42", read.operators().get(0).uid());
        assertEquals(digitFirst, read.operators().get(0).subtask(0).state());
        assertEquals(letterFirst, read.channels().get(0).records());
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("crc32c: \"0badf00d\""), text);
        assertTrue(text.contains("crc32c: cafebabe"), text);
    }

    /**
     * Written over a longer file, metadata is padded to its length (no cut needed) when it falls
     * short by at most its own length or a page, and still reads back whole; beyond that it is not.
     */
    @Test
    void shouldPadToTheLengthOfTheFileItOverwritesWithinBounds() {
        byte[] plain = MetadataWriter.encode(sample());
        for (int shortBy : new int[] {1, 2, 37, 4096}) {
            MetadataWriter.Encoded padded = MetadataWriter.encodeReusing(sample(), plain.length + shortBy);
            assertEquals(plain.length + shortBy, padded.length(), "padded by " + shortBy);
            byte[] bytes = Arrays.copyOf(padded.bytes(), padded.length());
            assertArrayEquals(plain, MetadataWriter.encode(MetadataReader.decode(bytes, SOURCE)), "reads back the same");
            bytes[plain.length - MetadataDescriptor.END_LINE_LENGTH] = 'x'; // the padding is under the checksum
            assertThrows(CorruptCheckpointException.class, () -> MetadataReader.decode(bytes, SOURCE));
        }
        assertEquals(plain.length, MetadataWriter.encodeReusing(sample(), plain.length + 4097L + plain.length).length(),
            "far longer files are cut instead of filled");
        assertEquals(plain.length, MetadataWriter.encodeReusing(sample(), plain.length - 10).length(), "never cut short");
    }

    /** The subtasks whose input had ended are marked; metadata written before the mark read as not finished. */
    @Test
    void shouldReadBackWhichSubtasksHadFinished() {
        SubtaskMetadata ended = new SubtaskMetadata(0, new KeyGroupRange(0, 63), null, new byte[] {4}, List.of(), true);
        SubtaskMetadata running = new SubtaskMetadata(1, new KeyGroupRange(64, 127),
            StreamHandle.file("../shared/op-sum-1-c6-87654321.state", 2_000, 5), new byte[] {5}, List.of(), false);
        CheckpointMetadata written = new CheckpointMetadata(MetadataDescriptor.FORMAT_VERSION, CheckpointKind.CHECKPOINT,
            "job-1", 6, 1_795_000_000_456L, List.of(new OperatorMetadata("src", 2, 128, List.of(ended, running))), List.of());
        CheckpointMetadata read = MetadataReader.decode(MetadataWriter.encode(written), "test");
        assertTrue(read.operators().get(0).subtask(0).finished());
        assertFalse(read.operators().get(0).subtask(1).finished());
        assertArrayEquals(new byte[] {4}, read.operators().get(0).subtask(0).sourcePosition());
        assertFalse(MetadataReader.decode(MetadataWriter.encode(sample()), "test").operators().get(0).subtask(0).finished());
    }

    @Test
    void shouldReadBackABaseChainInOrder() {
        CheckpointMetadata written = chain();
        byte[] bytes = MetadataWriter.encode(written);

        CheckpointMetadata read = MetadataReader.decode(bytes, SOURCE);

        SubtaskMetadata link = read.operator("sum").subtask(0);
        assertSameHandles(written.operator("sum").subtask(0).base(), link.base());
        assertSameHandles(written.operator("sum").subtask(0).keyedStreams(), link.keyedStreams());
        assertEquals(4, link.keyedStreams().size());
        assertEquals("../shared/op-sum-0-c6-12345678.state", link.keyedStreams().get(3).fileName());
        assertEquals(List.of(), read.operator("sum").subtask(1).base());
        assertSameHandles(List.of(written.operator("sum").subtask(1).state()),
            read.operator("sum").subtask(1).keyedStreams());
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(1, text.split("base:", -1).length - 1, text);
        // a base is covered by the metadata's checksum like the rest
        byte[] damaged = bytes.clone();
        int at = text.indexOf("c3-0000abcd");
        damaged[at + 1] = '4';
        assertThrows(CorruptCheckpointException.class, () -> MetadataReader.decode(damaged, SOURCE));
    }

    @Test
    void shouldReadMetadataWithoutABaseAsStandingAlone() {
        byte[] bytes = MetadataWriter.encode(sample());
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(!text.contains("base"), "no base is written when there is none: " + text);

        CheckpointMetadata read = MetadataReader.decode(bytes, SOURCE);

        for (OperatorMetadata operator : read.operators()) {
            for (SubtaskMetadata subtask : operator.subtasks()) {
                assertEquals(List.of(), subtask.base());
                assertEquals(subtask.state() == null ? List.of() : List.of(subtask.state()), subtask.keyedStreams());
            }
        }
        SubtaskMetadata noState = read.operator("map: \"a\"").subtask(0);
        assertNull(noState.state());
        assertEquals(List.of(), noState.keyedStreams());
    }

    @Test
    void shouldBeReadableByAPerson() {
        String text = new String(MetadataWriter.encode(sample()), StandardCharsets.UTF_8);

        assertTrue(text.startsWith(MetadataDescriptor.BEGIN_LINE), text);
        assertTrue(text.contains("formatVersion: " + MetadataDescriptor.FORMAT_VERSION), text);
        assertTrue(text.contains("op-sum-0.state") && text.contains("cafebabe"), text);
        assertTrue(text.contains("keyGroupStart: 64"), text);
    }

    @Test
    void shouldRejectAnyFlippedByteNamingTheFile() {
        byte[] bytes = MetadataWriter.encode(sample());
        for (int offset = 0; offset < bytes.length; offset += 7) {
            byte[] damaged = bytes.clone();
            damaged[offset] ^= 0x01;
            CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> MetadataReader.decode(damaged, SOURCE), "flip at " + offset);
            assertTrue(e.getMessage().startsWith(SOURCE), e.getMessage());
        }
    }

    @Test
    void shouldRejectATruncatedFile() {
        byte[] bytes = MetadataWriter.encode(sample());
        for (int length : new int[] {0, 10, bytes.length / 2, bytes.length - 1}) {
            assertThrows(CorruptCheckpointException.class,
                () -> MetadataReader.decode(Arrays.copyOf(bytes, length), SOURCE), "length " + length);
        }
    }

    @Test
    void shouldRejectAnUnknownFormatVersion() {
        CheckpointMetadata m = sample();
        CheckpointMetadata future = new CheckpointMetadata(MetadataDescriptor.FORMAT_VERSION + 1, m.kind(), m.jobId(),
            m.checkpointId(), m.completedAtMs(), m.operators(), m.channels());

        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
            () -> MetadataReader.decode(MetadataWriter.encode(future), SOURCE));
        assertTrue(e.getMessage().contains("format version " + (MetadataDescriptor.FORMAT_VERSION + 1)), e.getMessage());
    }

    /** Names as users write them: each must read back exactly, whatever YAML would make of it unquoted. */
    @Test
    void shouldReadBackAnyTextExactly() {
        List<String> names = List.of("plain-name", "with space", "colon: here", "comma, here", "[brackets]", "{braces}",
            "# hash", "quote \" inside", "back\\slash", "new\nline", "tab\tbed", "null", "true", "No", "~", "123",
            "0x1f", "-dash", "ünïcödé ✓", "", "trailing ", "a'b", "&anchor", "*alias", "!tag", "%percent", "@at", "`tick`",
            "| pipe", "> fold", "?q", "ctrl\u0001char", "emoji \uD83D\uDE42 pair");
        for (String name : names) {
            StreamHandle file = StreamHandle.file(name.isEmpty() ? "x" : name, 5, 0x0badf00d);
            CheckpointMetadata written = new CheckpointMetadata(MetadataDescriptor.FORMAT_VERSION, CheckpointKind.CHECKPOINT,
                name.isEmpty() ? "job" : name, 1, 1L, List.of(new OperatorMetadata(name, 1, 128,
                List.of(new SubtaskMetadata(0, new KeyGroupRange(0, 127), file, new byte[] {1})))),
                List.of(new ChannelStateMetadata(new ChannelDescriptor(name, 0, name, 0, 0), 3, file)));

            CheckpointMetadata read = MetadataReader.decode(MetadataWriter.encode(written), SOURCE);

            assertEquals(written.jobId(), read.jobId(), name);
            assertEquals(name, read.operators().get(0).uid(), name);
            assertEquals(file.fileName(), read.operators().get(0).subtask(0).state().fileName(), name);
            assertEquals(written.channels().get(0).channel(), read.channels().get(0).channel(), name);
            assertEquals(0x0badf00d, read.channels().get(0).records().crc32c(), name);
        }
    }

    /** The completion time reads as {@code Instant.toString} prints it, fraction or none, any year. */
    @Test
    void shouldWriteTheCompletionTimeAsAnInstantPrintsIt() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(27);
        List<Long> times = new java.util.ArrayList<>(List.of(0L, 1L, 999L, 1_000L, -1L, -1_001L, 1_796_423_560_022L,
            1_796_423_560_000L, 1_796_423_560_100L, 253_402_300_799_999L, 253_402_300_800_000L, -30_610_224_000_001L));
        for (int i = 0; i < 10_000; i++) {
            times.add(random.nextLong(-40_000_000_000_000L, 300_000_000_000_000L));
        }
        for (long ms : times) {
            assertEquals(java.time.Instant.ofEpochMilli(ms).toString(), MetadataWriter.isoInstant(ms), "ms " + ms);
        }
    }

    /** The hand-written test for a plain scalar accepts exactly what {@code [A-Za-z][A-Za-z0-9_./-]*} does. */
    @Test
    void shouldTakeAsPlainExactlyWhatThePatternMatches() {
        java.util.regex.Pattern plain = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_./-]*");
        String alphabet = "aZ09_./-: \"#'\\\n@[]{}ü~!";
        java.util.SplittableRandom random = new java.util.SplittableRandom(27);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            for (int length = random.nextInt(6); length > 0; length--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = value.toString();
            assertEquals(plain.matcher(text).matches(), MetadataWriter.isPlain(text), "'" + text + "'");
        }
        for (String text : List.of("", "a", "Z", "0", "-a", "a-b.c/d_e9", "a b", "a:b", "count-and-sum#0")) {
            assertEquals(plain.matcher(text).matches(), MetadataWriter.isPlain(text), "'" + text + "'");
        }
    }

    @Test
    void shouldReadBackMetadataWithoutOperatorsOrChannels() {
        CheckpointMetadata empty = new CheckpointMetadata(MetadataDescriptor.FORMAT_VERSION, CheckpointKind.CHECKPOINT,
            "job", 2, 3L, List.of(), List.of());

        CheckpointMetadata read = MetadataReader.decode(MetadataWriter.encode(empty), SOURCE);

        assertEquals(List.of(), read.operators());
        assertEquals(List.of(), read.channels());
        assertEquals(2, read.checkpointId());
    }
}
