package io.ringflow.connector;

import io.ringflow.api.codec.Codec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * A replay of an unchanged job against a given log, installed for this process by
 * {@code ringflow replay}: while installed, every {@link ChronicleLogSource} reads {@link #log()}
 * bounded by the replay's range (whatever directory, start and boundedness it was built with),
 * and every {@link ChronicleLogSink} writes into {@link #output()}, so a replay never writes into
 * the job's own logs. A job with more than one log source directory, or more than one log sink
 * directory, fails: the replay would not know which one to substitute.
 */
public final class LogReplay {
    private static volatile LogReplay active;

    private final Path log;
    private final Bound from;
    private final Bound to;
    private final Path output;
    private final Set<String> sourceDirs = new TreeSet<>(); // guarded by this
    private final Set<String> sinkDirs = new TreeSet<>();   // guarded by this
    private Codec<?> sinkCodec;                             // guarded by this

    /** Where a replay starts or ends: a queue index or an append time (epoch ms). */
    public record Bound(boolean isIndex, long value) {
        public static Bound index(long index) {
            return new Bound(true, index);
        }

        public static Bound time(Instant time) {
            return new Bound(false, time.toEpochMilli());
        }

        @Override
        public String toString() {
            return isIndex ? "index " + value : Instant.ofEpochMilli(value).toString();
        }
    }

    /** {@code from} and {@code to} may be null: the start and the end of the log. */
    public LogReplay(Path log, Bound from, Bound to, Path output) {
        this.log = log;
        this.from = from;
        this.to = to;
        this.output = output;
    }

    /** Installs (null: removes) the replay every log source and sink of this process follows. */
    public static void install(LogReplay replay) {
        active = replay;
    }

    static LogReplay active() {
        return active;
    }

    public Path log() {
        return log;
    }

    public Path output() {
        return output;
    }

    /** The log directories the job's sources were built with (the ones replaced). */
    public synchronized Set<String> sourceDirectories() {
        return Set.copyOf(sourceDirs);
    }

    /** The log directories the job's sinks were built with (the ones replaced). */
    public synchronized Set<String> sinkDirectories() {
        return Set.copyOf(sinkDirs);
    }

    /** The codec of the job's log sink, null before a sink opened: for showing differing records. */
    public synchronized Codec<?> sinkCodec() {
        return sinkCodec;
    }

    /** The source to read instead of one built for {@code originalDir}. */
    <T> ChronicleLogSource<T> source(String originalDir, Codec<T> codec) {
        claim(sourceDirs, originalDir, "source", "reads");
        ChronicleLogSource<T> source = ChronicleLogSource.bounded(log, codec);
        if (from != null) {
            source = from.isIndex() ? source.fromIndex(from.value()) : source.fromTime(Instant.ofEpochMilli(from.value()));
        }
        if (to != null) {
            source = to.isIndex() ? source.toIndex(to.value()) : source.toTime(Instant.ofEpochMilli(to.value()));
        }
        return source;
    }

    /** Where a log sink built for {@code dir} writes: {@code dir}, or a replay's output. */
    static Path sinkDirectory(String dir, Codec<?> codec) {
        LogReplay replay = active;
        return replay == null ? Path.of(dir) : replay.sink(dir, codec);
    }

    private synchronized Path sink(String originalDir, Codec<?> codec) {
        claim(sinkDirs, originalDir, "sink", "writes");
        sinkCodec = codec;
        return output;
    }

    private synchronized void claim(Set<String> dirs, String dir, String what, String verb) {
        dirs.add(dir);
        if (dirs.size() > 1) {
            throw new IllegalStateException("a replay substitutes one Chronicle log " + what + ", and the job " + verb
                + " the logs " + String.join(" and ", dirs) + "; replay a job with one log " + what);
        }
    }
}
