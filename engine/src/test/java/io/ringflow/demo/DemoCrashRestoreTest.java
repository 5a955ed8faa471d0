package io.ringflow.demo;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.restore.Restore;
import io.ringflow.restore.RestoredState;
import io.ringflow.state.OperatorStateBackend;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.StorageOptions;
import io.ringflow.storage.log.LogDirectory;
import io.ringflow.storage.log.LogDocumentHandler;
import io.ringflow.storage.log.LogReader;
import io.ringflow.storage.log.LogTailer;
import io.ringflow.testing.ChildJvm;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The demo as users run it: a child JVM is killed with SIGKILL while its exactly-once bar log
 * holds both committed bars and bars of a transaction without a COMMIT (open, or pre-committed
 * and waiting for its checkpoint), then a second child restores the latest checkpoint, finishes
 * the bounded input and verifies that every output bar was committed exactly once with the right
 * sums.
 *
 * <p>The test watches the log from this JVM with the engine's own log classes. When the log shows
 * the wanted state, it freezes the child (SIGSTOP), reads the log again and kills the child
 * (SIGKILL) only if the state still holds, so that the state seen is exactly the state at the
 * kill; otherwise it lets the child go on (SIGCONT) and waits for the next window's bars. Before
 * the restore it reads, from the checkpoint the restore will use, which transactions the sink had
 * pre-committed and which one was open; after the restore it checks from the log that the
 * pre-committed ones were committed again and that a transaction open at the kill stayed
 * invisible unless that checkpoint had pre-committed it.
 */
class DemoCrashRestoreTest {
    /** Four 1-second windows of 16 symbols: 64 bars, fired at about 1.1, 2.1, 3.1 million trades and at the end. */
    private static final String EVENTS = "4000000";
    private static final String BAR_LOG_UID = "bar-log";
    // TwoPhaseCommitWriter's operator list states and the codec identities they were written with
    private static final String PENDING_STATE = "two-phase-commit-pending";
    private static final String CURRENT_STATE = "two-phase-commit-current";
    private static final String PENDING_IDENTITY = "io.ringflow.api.connector.PendingTransaction";
    private static final String CURRENT_IDENTITY = "io.ringflow.connector.LogTransaction";
    private static final Codec<Bar> BAR_CODEC = Codecs.forClass(Bar.class);

    @ParameterizedTest
    @ValueSource(strings = {"aligned", "unaligned"})
    void shouldCommitEveryBarExactlyOnceAfterAKill9AndARestore(String mode, @TempDir Path dir) throws Exception {
        Path output = dir.resolve("output");
        Path log = dir.resolve("first-run.log");
        // 1M trades/s: the windows fire about a second apart, so bars are committed well before the
        // next window's bars are written; checkpoints every 200 ms keep a transaction with bars open
        // long enough to be caught
        Process first = demo(log, "--events", EVENTS, "--rate", "1000000", "--checkpoint-dir", dir.toString(),
            "--mode", mode, "--interval", "200");
        Kill kill;
        try {
            kill = killWhileATransactionHoldsBars(first, output, log);
        } finally {
            first.destroyForcibly();
        }
        TransactionLog atKill = kill.log();
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, first.exitValue(), "killed by SIGKILL");

        // the state at the kill, read again from the log the dead process left
        assertEquals(atKill.toString(), TransactionLog.read(output).toString(), "the log changed after the kill");
        List<Transaction> committedAtKill = atKill.committedWithBars();
        List<Transaction> openAtKill = atKill.uncommittedWithBars();
        assertFalse(committedAtKill.isEmpty(), "no committed bars at the kill: " + atKill);
        assertFalse(openAtKill.isEmpty(), "no transaction held uncommitted bars at the kill: " + atKill);

        CheckpointedTransactions restored = CheckpointedTransactions.latest(dir);
        System.out.printf("[%s] at the kill (child frozen %d time(s)): %d committed transactions with %d bars, %d"
                + " uncommitted transactions with %d bars %s; restoring checkpoint %d: pre-committed %s, open %s%n",
            mode, kill.freezes(), committedAtKill.size(), barCount(committedAtKill), openAtKill.size(),
            barCount(openAtKill), ids(openAtKill), restored.checkpointId(), hex(restored.pending()), hex(restored.current()));
        assertFalse(restored.pending().isEmpty(), "checkpoint " + restored.checkpointId()
            + " holds no pre-committed transaction of the bar log");

        Path restoreLog = dir.resolve("restore.log");
        Process second = demo(restoreLog, "--events", EVENTS, "--checkpoint-dir", dir.toString(), "--mode", mode,
            "--restore", "latest", "--verify");
        try {
            assertTrue(second.waitFor(40, TimeUnit.SECONDS), "the restored run did not finish");
        } finally {
            second.destroyForcibly();
        }
        String restoreOutput = Files.readString(restoreLog);
        assertEquals(0, second.exitValue(), restoreOutput);
        assertTrue(restoreOutput.contains("exactly-once: OK"), restoreOutput);

        TransactionLog after = TransactionLog.read(output);
        String context = "\nat the kill: " + atKill + "\nafter the restore: " + after + "\nrestored checkpoint "
            + restored.checkpointId() + ": pre-committed " + hex(restored.pending()) + ", open " + hex(restored.current());
        // recovery commits again what the restored checkpoint had pre-committed, committed before the kill or not
        for (long pending : restored.pending()) {
            assertTrue(after.commits(pending) > atKill.commits(pending), "pre-committed transaction " + hex(pending)
                + " was not committed again by the recovery" + context);
        }
        // a transaction with bars but no commit at the kill: visible after the restore only if the checkpoint pre-committed it
        for (Transaction open : openAtKill) {
            if (restored.pending().contains(open.id)) {
                assertTrue(after.commits(open.id) > 0, "transaction " + hex(open.id) + " was pre-committed in the"
                    + " restored checkpoint but never committed" + context);
            } else {
                assertEquals(0, after.commits(open.id), "transaction " + hex(open.id) + " was open at the kill and not"
                    + " pre-committed in the restored checkpoint, yet it became visible" + context);
            }
        }
        // the committed bars, read here, are exactly the expected ones, each once
        List<Bar> committed = after.committedBars();
        Map<String, Long> perWindow = committed.stream()
            .collect(Collectors.groupingBy(bar -> bar.symbol() + "@" + bar.windowEndMs(), Collectors.counting()));
        perWindow.forEach((key, count) -> assertEquals(1L, count, "bar " + key + " committed " + count + " times" + context));
        Map<String, Bar> expected = Verify.expectedBars(Long.parseLong(EVENTS), 1_000_000); // the first run's --rate
        assertEquals(new HashSet<>(expected.values()), new HashSet<>(committed), "committed bars" + context);
        System.out.printf("[%s] after the restore: %d committed bars in %d committed transactions; the %d transactions"
                + " uncommitted at the kill were %s%n", mode, committed.size(), after.committedWithBars().size(),
            openAtKill.size(), openAtKill.stream().map(open -> hex(open.id) + (after.commits(open.id) > 0
                ? " recommitted" : " never committed")).collect(Collectors.toList()));
    }

    /**
     * Waits until the log holds committed bars and bars of a transaction without a commit, then
     * kills {@code demo} and returns what the log held at the kill. The child is frozen while the
     * log is checked again, so that no commit can slip in between the check and the kill.
     */
    private static Kill killWhileATransactionHoldsBars(Process demo, Path output, Path log) throws Exception {
        Path queue = LogDirectory.queueDirectory(output, 0); // the demo runs at parallelism 1: one queue
        TransactionLog live = new TransactionLog();
        long deadline = System.currentTimeMillis() + 15_000;
        int freezes = 0;
        LogTailer tailer = null;
        try {
            while (demo.isAlive() && System.currentTimeMillis() < deadline) {
                if (tailer == null) {
                    if (!hasQueueFile(queue)) { // no bar yet
                        Thread.sleep(20);
                        continue;
                    }
                    tailer = LogTailer.open(queue);
                }
                drain(tailer, live);
                if (live.holdsCommittedAndUncommittedBars()) {
                    signal(demo, "STOP");
                    freezes++;
                    awaitStopped(demo);
                    drain(tailer, live);
                    if (live.holdsCommittedAndUncommittedBars()) {
                        demo.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
                        demo.waitFor(10, TimeUnit.SECONDS);
                        drain(tailer, live);
                        return new Kill(live, freezes);
                    }
                    signal(demo, "CONT"); // committed meanwhile: wait for the next window's bars
                }
                Thread.sleep(1);
            }
        } finally {
            if (tailer != null) {
                tailer.close();
            }
        }
        return fail("the log never held committed bars and uncommitted bars at once before the first run "
            + (demo.isAlive() ? "timed out" : "ended") + ": " + live + "\n" + Files.readString(log));
    }

    private static void drain(LogTailer tailer, TransactionLog log) {
        while (tailer.poll(log) != 0) {
            continue;
        }
    }

    private static boolean hasQueueFile(Path queue) throws IOException {
        if (!Files.isDirectory(queue)) {
            return false;
        }
        try (Stream<Path> files = Files.list(queue)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".cq4"));
        }
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).redirectErrorStream(true).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue(), "kill -" + signal + ": " + new String(kill.getInputStream().readAllBytes()));
    }

    /** Waits until every thread of {@code process} is stopped by SIGSTOP. */
    private static void awaitStopped(Process process) throws IOException, InterruptedException {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        long deadline = System.currentTimeMillis() + 5_000;
        while (!allStopped(tasks)) {
            assertTrue(System.currentTimeMillis() < deadline, "the child did not stop on SIGSTOP");
            Thread.sleep(1);
        }
    }

    private static boolean allStopped(Path tasks) throws IOException {
        List<Path> threads;
        try (Stream<Path> list = Files.list(tasks)) {
            threads = list.collect(Collectors.toList());
        }
        for (Path thread : threads) {
            String stat;
            try {
                stat = Files.readString(thread.resolve("stat"));
            } catch (NoSuchFileException ended) {
                continue;
            }
            char state = stat.charAt(stat.lastIndexOf(')') + 2); // "tid (name) S ..."
            if (state != 'T' && state != 't') {
                return false;
            }
        }
        return true;
    }

    private static Process demo(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("demo");
        command.addAll(List.of(args));
        return ChildJvm.start("512m", "io.ringflow.cli.Main", command, log);
    }

    private static int barCount(List<Transaction> transactions) {
        return transactions.stream().mapToInt(t -> t.bars.size()).sum();
    }

    private static List<String> ids(List<Transaction> transactions) {
        return transactions.stream().map(t -> hex(t.id) + ":" + t.bars.size()).collect(Collectors.toList());
    }

    private static String hex(long id) {
        return Long.toHexString(id);
    }

    private static List<String> hex(List<Long> ids) {
        return ids.stream().map(DemoCrashRestoreTest::hex).collect(Collectors.toList());
    }

    /** What the log held when the first run was killed, and how often the child was frozen to get there. */
    private record Kill(TransactionLog log, int freezes) {
    }

    /** One transaction of the bar log: its bars and the number of COMMIT documents naming it. */
    private static final class Transaction {
        final long id;
        final List<Bar> bars = new ArrayList<>();
        int commits;

        Transaction(long id) {
            this.id = id;
        }

        @Override
        public String toString() {
            return hex(id) + "(" + bars.size() + " bars, " + commits + " commits)";
        }
    }

    /** The documents of the exactly-once bar log by transaction, in the order they first appear. */
    private static final class TransactionLog implements LogDocumentHandler {
        private final Map<Long, Transaction> transactions = new LinkedHashMap<>();

        /** Every document of every queue of {@code logDir}. */
        static TransactionLog read(Path logDir) {
            TransactionLog log = new TransactionLog();
            try (LogReader reader = LogReader.open(logDir)) {
                reader.readAll(log);
            }
            return log;
        }

        @Override
        public void onRecord(long index, long txnId, long timestamp, long appendTimeMs, DirectBuffer payload, int length) {
            transaction(txnId).bars.add(BAR_CODEC.decode(payload, 0, length));
        }

        @Override
        public void onCommit(long index, long txnId) {
            transaction(txnId).commits++;
        }

        int commits(long txnId) {
            Transaction transaction = transactions.get(txnId);
            return transaction == null ? 0 : transaction.commits;
        }

        List<Transaction> committedWithBars() {
            return transactions.values().stream().filter(t -> t.commits > 0 && !t.bars.isEmpty()).collect(Collectors.toList());
        }

        List<Transaction> uncommittedWithBars() {
            return transactions.values().stream().filter(t -> t.commits == 0 && !t.bars.isEmpty()).collect(Collectors.toList());
        }

        boolean holdsCommittedAndUncommittedBars() {
            return !committedWithBars().isEmpty() && !uncommittedWithBars().isEmpty();
        }

        List<Bar> committedBars() {
            return committedWithBars().stream().flatMap(t -> t.bars.stream()).collect(Collectors.toList());
        }

        private Transaction transaction(long txnId) {
            return transactions.computeIfAbsent(txnId, Transaction::new);
        }

        @Override
        public String toString() {
            return transactions.values().toString();
        }
    }

    /**
     * The bar log's transactions in the checkpoint a {@code --restore latest} uses: the ones
     * pre-committed there (recovery commits them) and the one open there (recovery aborts it).
     */
    private record CheckpointedTransactions(long checkpointId, List<Long> pending, List<Long> current) {
        static CheckpointedTransactions latest(Path checkpointsDir) {
            CompletedCheckpoint checkpoint = Restore.open(Restore.LATEST, StorageOptions.builder()
                .kind(StorageOptions.Kind.FILESYSTEM).checkpointsDir(checkpointsDir).conclude(), TradesDemo.JOB_NAME);
            RestoredState sink = RestoredState.of(checkpoint, BAR_LOG_UID, 0, 1);
            assertTrue(sink != null, "checkpoint " + checkpoint.checkpointId() + " has no operator " + BAR_LOG_UID);
            OperatorStateBackend state = new OperatorStateBackend();
            state.restore(sink.operatorStateBlocks(), 1, 0);
            List<Long> pending = new ArrayList<>();
            // a pending transaction: the checkpoint id, then the transaction id
            for (byte[] element : state.getListState(new ListStateDescriptor<>(PENDING_STATE, new RawBytes(PENDING_IDENTITY))).get()) {
                pending.add(new UnsafeBuffer(element).getLong(Long.BYTES));
            }
            List<Long> current = new ArrayList<>();
            for (byte[] element : state.getListState(new ListStateDescriptor<>(CURRENT_STATE, new RawBytes(CURRENT_IDENTITY))).get()) {
                current.add(new UnsafeBuffer(element).getLong(0));
            }
            return new CheckpointedTransactions(checkpoint.checkpointId(), pending, current);
        }
    }

    /** Reads state elements as the bytes they were written as, whatever codec of {@code identity} wrote them. */
    private record RawBytes(String identity) implements Codec<byte[]> {
        @Override
        public int encode(byte[] value, MutableDirectBuffer buffer, int offset, int capacity) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public byte[] decode(DirectBuffer buffer, int offset, int length) {
            byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            return bytes;
        }

        @Override
        public Class<?> type() {
            return byte[].class;
        }

        @Override
        public byte[] copy(byte[] value) {
            return value.clone();
        }
    }
}
