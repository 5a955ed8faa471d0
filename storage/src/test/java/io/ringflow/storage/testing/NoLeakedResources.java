package io.ringflow.storage.testing;

import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import net.openhft.chronicle.threads.DiskSpaceMonitor;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Registered for every storage test (service loader + autodetection): fails a test that leaves
 * behind a thread or child process it started, or a file it memory-mapped. Threads and
 * processes get a short grace period to end; mapped files are compared once Chronicle's
 * background releaser released everything that was closed ({@link #awaitChronicleReleases()}).
 *
 * <ul>
 *   <li>Threads: every live thread after the test that was not live before it, except the
 *       process-wide ones of {@link #isProcessWide(Thread)}: two Chronicle singletons, JUnit's
 *       timeout timer and the JDK's system threads.</li>
 *   <li>Child processes: every live child of this JVM after the test that was not before it.</li>
 *   <li>Mapped files (Linux, from {@code /proc/self/maps}): every file under the test's temp
 *       directories (its {@code @TempDir} fields, and the {@code junit-*} directories JUnit
 *       creates in {@code java.io.tmpdir} for any {@code @TempDir}) mapped after the test and not
 *       before it, also once deleted. Storage maps files in {@code MappedFileWriter} (Chronicle
 *       {@code MappedBytes}), {@code SnapshotBytes} ({@code FileChannel.map}) and the Chronicle
 *       queues of {@code LogWriter} and {@code LogTailer}. Files outside the temp directories are
 *       not the test's: JNA and jffi map the native libraries they extract into
 *       {@code java.io.tmpdir} once per process.</li>
 * </ul>
 *
 * Off-heap allocations are not counted: storage keeps no count of its own (it goes off-heap
 * only through mapped files, which are checked).
 */
public final class NoLeakedResources implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoLeakedResources.class);
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Path PROC_MAPS = Path.of("/proc/self/maps");
    private static final String DELETED = " (deleted)";
    private static final String JUNIT_TEMP_DIR_PREFIX = "junit-";

    private final Duration grace;

    public NoLeakedResources() {
        this(GRACE);
    }

    /** With another grace period, for the test of this check. */
    NoLeakedResources(Duration grace) {
        this.grace = grace;
    }

    /**
     * Threads that outlive any one test by design, started by whichever test first needs them:
     * <ul>
     *   <li>Chronicle's {@code background~resource~releaser}: one static thread per JVM
     *       ({@code BackgroundResourceReleaser}), started with that class by the first Chronicle
     *       mapped file or queue; it releases (unmaps) every queue, tailer and mapped file of the
     *       JVM once closed, until the JVM ends.</li>
     *   <li>Chronicle's {@code disk~space~checker} (named {@code <creating thread>/disk~space~checker}):
     *       the single thread of the {@code DiskSpaceMonitor.INSTANCE} enum singleton, started by
     *       the first queue file; it polls the free space of every queue directory ever opened,
     *       for the life of the JVM.</li>
     * </ul>
     * Not Chronicle's, but not a test's either:
     * <ul>
     *   <li>JUnit's {@code junit-jupiter-timeout-watcher}: the timer behind
     *       {@code junit.jupiter.execution.timeout.default}, started by the first test and kept
     *       for the whole run.</li>
     *   <li>The JDK's own threads, in the JVM's top-level {@code system} thread group, e.g. an
     *       {@code Attach Listener}, or a {@code process reaper}, whose pool keeps it 60 s after a
     *       child process ended: Chronicle's first use starts one (JNA runs {@code ldconfig -p}
     *       when OpenHFT affinity loads it), as does a test running a child JVM. A child still
     *       running is caught by the child process check instead.</li>
     * </ul>
     */
    static boolean isProcessWide(Thread thread) {
        String name = thread.getName();
        ThreadGroup group = thread.getThreadGroup();
        return name.equals(BackgroundResourceReleaser.BACKGROUND_RESOURCE_RELEASER)
            || name.equals(DiskSpaceMonitor.DISK_SPACE_CHECKER_NAME)
            || name.endsWith("/" + DiskSpaceMonitor.DISK_SPACE_CHECKER_NAME)
            || name.equals("junit-jupiter-timeout-watcher")
            || group != null && group.getParent() == null;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", Snapshot.take(tempDirs(context)));
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        Snapshot before = context.getStore(NAMESPACE).get("before", Snapshot.class);
        TempDirs tempDirs = tempDirs(context);
        awaitChronicleReleases();
        Snapshot leaked = Snapshot.take(tempDirs).minus(before);
        long deadline = System.nanoTime() + grace.toNanos();
        while ((!leaked.threads().isEmpty() || !leaked.children().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            leaked = Snapshot.take(tempDirs).minus(before).withMappedFiles(leaked.mappedFiles());
        }
        if (!leaked.isEmpty()) {
            throw new AssertionError(leaked.describe());
        }
    }

    /**
     * Chronicle unmaps a closed queue, tailer or mapped file (or a chunk a writer moved past) on
     * its background releaser thread: waits until it released all that was closed. Mapped files
     * get no further grace, because an unclosed Chronicle resource is unmapped too, by its
     * finalizer, once garbage collected: waiting for them would let a GC hide the leak.
     */
    private static void awaitChronicleReleases() {
        boolean started = Thread.getAllStackTraces().keySet().stream()
            .anyMatch(thread -> thread.getName().equals(BackgroundResourceReleaser.BACKGROUND_RESOURCE_RELEASER));
        if (started) { // otherwise Chronicle released nothing in the background yet: no need to load it
            BackgroundResourceReleaser.releasePendingResources();
        }
    }

    private static <T> Set<T> minus(Set<T> now, Set<T> before) {
        Set<T> added = new LinkedHashSet<>(now);
        added.removeAll(before);
        return added;
    }

    /** What is live at one time: threads, child processes, files mapped under a test's temp directories. */
    private record Snapshot(Set<Thread> threads, Set<ProcessHandle> children, Set<String> mappedFiles) {
        static Snapshot take(TempDirs tempDirs) {
            Set<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !isProcessWide(thread))
                .collect(Collectors.toCollection(LinkedHashSet::new));
            Set<ProcessHandle> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .collect(Collectors.toCollection(LinkedHashSet::new));
            return new Snapshot(threads, children, mappedFilesUnder(tempDirs));
        }

        Snapshot minus(Snapshot before) {
            return new Snapshot(NoLeakedResources.minus(threads, before.threads),
                NoLeakedResources.minus(children, before.children), NoLeakedResources.minus(mappedFiles, before.mappedFiles));
        }

        Snapshot withMappedFiles(Set<String> mapped) {
            return new Snapshot(threads, children, mapped);
        }

        boolean isEmpty() {
            return threads.isEmpty() && children.isEmpty() && mappedFiles.isEmpty();
        }

        String describe() {
            List<String> problems = new ArrayList<>();
            if (!threads.isEmpty()) {
                problems.add("test leaked threads: " + threads.stream().map(Snapshot::describe)
                    .collect(Collectors.joining(", ")) + "\n  stop and join every thread it starts");
            }
            if (!children.isEmpty()) {
                problems.add("test leaked child processes: " + children.stream()
                    .map(child -> child.pid() + " " + child.info().commandLine().orElse("?"))
                    .collect(Collectors.joining(", ")) + "\n  wait for or destroy every process it starts");
            }
            if (!mappedFiles.isEmpty()) {
                problems.add("test left files memory-mapped: " + String.join(", ", mappedFiles)
                    + "\n  close every log writer, tailer and reader and every snapshot it opens, and finish"
                    + " or abort every checkpoint writer");
            }
            return String.join("\n", problems);
        }

        private static String describe(Thread thread) {
            return "\"" + thread.getName() + "\" (" + thread.getClass().getName() + ", " + thread.getState()
                + (thread.isDaemon() ? ", daemon" : "") + ")" + Arrays.stream(thread.getStackTrace()).limit(8)
                .map(frame -> "\n      at " + frame).collect(Collectors.joining());
        }
    }

    /**
     * The files mapped into this process under {@code tempDirs}, as {@code /proc/self/maps}
     * names them (real paths, {@code " (deleted)"} appended once unlinked); empty where there is
     * no {@code /proc/self/maps}.
     */
    static Set<String> mappedFilesUnder(TempDirs tempDirs) {
        Set<String> mapped = new TreeSet<>();
        if (!Files.isReadable(PROC_MAPS)) {
            return mapped;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(PROC_MAPS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROC_MAPS, e);
        }
        for (String line : lines) {
            // address perms offset dev inode [path]; a path may contain spaces
            String[] fields = line.trim().split("\\s+", 6);
            if (fields.length < 6 || !fields[5].startsWith("/")) {
                continue;
            }
            String name = fields[5];
            if (tempDirs.contains(Path.of(name.endsWith(DELETED) ? name.substring(0, name.length() - DELETED.length()) : name))) {
                mapped.add(name);
            }
        }
        return mapped;
    }

    /**
     * A test's temp directories, as real paths: its {@code @TempDir} fields, and the
     * {@code junit-*} directories JUnit's default factory creates in {@code java.io.tmpdir} for
     * every {@code @TempDir}, parameters included.
     */
    record TempDirs(Path tmp, List<Path> fields) {
        boolean contains(Path path) {
            boolean inJunitTempDir = path.startsWith(tmp) && path.getNameCount() > tmp.getNameCount()
                && path.getName(tmp.getNameCount()).toString().startsWith(JUNIT_TEMP_DIR_PREFIX);
            return inJunitTempDir || fields.stream().anyMatch(path::startsWith);
        }
    }

    static TempDirs tempDirs(ExtensionContext context) {
        Set<Path> fields = new LinkedHashSet<>();
        context.getTestClass().ifPresent(testClass -> addTempDirs(fields, testClass, null));
        context.getTestInstances().ifPresent(instances -> instances.getAllInstances()
            .forEach(instance -> addTempDirs(fields, instance.getClass(), instance)));
        return new TempDirs(realPath(Path.of(System.getProperty("java.io.tmpdir"))), List.copyOf(fields));
    }

    private static void addTempDirs(Set<Path> fields, Class<?> type, Object instance) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!field.isAnnotationPresent(TempDir.class) || (instance == null) != Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    Object value = field.get(instance);
                    if (value instanceof Path path) {
                        fields.add(realPath(path));
                    } else if (value instanceof File file) {
                        fields.add(realPath(file.toPath()));
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // not injected or not readable: the junit-* directories still cover the default location
                }
            }
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
