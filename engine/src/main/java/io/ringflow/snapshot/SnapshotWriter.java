package io.ringflow.snapshot;

import io.ringflow.barrier.InFlightCapture;
import io.ringflow.checkpoint.TaskAcknowledgement;
import io.ringflow.restore.RestoredState;
import io.ringflow.state.KeyedStateSnapshot;
import io.ringflow.storage.CheckpointWriter;
import io.ringflow.storage.CpuSlices;
import io.ringflow.storage.file.InFlightOutput;
import io.ringflow.storage.file.StateOutput;
import io.ringflow.storage.metadata.CheckpointKind;
import io.ringflow.storage.metadata.StreamHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The asynchronous part of checkpoints: one thread per job serialises the pinned snapshots and
 * copies held in-flight slots into storage, then acknowledges to the coordinator. One thread
 * keeps a small machine's task cores free.
 */
public final class SnapshotWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
    private final ExecutorService thread;
    private final LongFunction<CheckpointWriter> writers;
    // each input channel's record codec identity, noted beside its in-flight records; filled before the tasks start
    private final java.util.Map<io.ringflow.storage.metadata.ChannelDescriptor, String> recordCodecs =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final Consumer<TaskAcknowledgement> acknowledgements;
    private final java.util.List<Thread> workerThreads = new java.util.concurrent.CopyOnWriteArrayList<>(); // joined by close()

    public SnapshotWriter(String jobName, LongFunction<CheckpointWriter> writers, Consumer<TaskAcknowledgement> acknowledgements) {
        this(jobName, 0, writers, acknowledgements);
    }

    /** @param yieldAfterNanos how long the writer works before it lets a task waiting for its core run (0: never) */
    public SnapshotWriter(String jobName, long yieldAfterNanos, LongFunction<CheckpointWriter> writers,
                          Consumer<TaskAcknowledgement> acknowledgements) {
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(() -> {
                CpuSlices.enable(yieldAfterNanos);
                runnable.run();
            }, "ringflow-" + jobName + "-snapshot-writer");
            t.setDaemon(true);
            workerThreads.add(t);
            return t;
        });
        this.writers = writers;
        this.acknowledgements = acknowledgements;
    }

    /** Whether checkpoint {@code checkpointId} is a savepoint's; any thread, while its checkpoint is open. */
    public boolean isSavepoint(long checkpointId) {
        CheckpointWriter writer = writers.apply(checkpointId);
        return writer != null && writer.kind() == io.ringflow.storage.metadata.CheckpointKind.SAVEPOINT;
    }

    public void submit(TaskSnapshot snapshot) {
        thread.execute(() -> write(snapshot));
    }

    private void write(TaskSnapshot snapshot) {
        long startNanos = System.nanoTime();
        PhaseTimes times = snapshot.times();
        times.asyncStart(startNanos);
        long stateBytes = 0;
        long inFlightBytes = 0;
        Throwable failure = null;
        try {
            CheckpointWriter writer = writers.apply(snapshot.checkpointId());
            if (writer != null) {
                // In-flight slots first: their producers are held until they are copied.
                for (InFlightCapture capture : snapshot.inFlight()) {
                    CpuSlices.between();
                    inFlightBytes += writeInFlight(writer, capture, recordCodecs.get(capture.descriptor()), times);
                }
                if (!snapshot.inFlight().isEmpty()) {
                    times.inFlightWritten(System.nanoTime());
                }
                for (OperatorSnapshot operator : snapshot.operators()) {
                    CpuSlices.between();
                    stateBytes += writeOperator(writer, operator, times);
                }
                writer.finishMergedFiles(); // durable before the acknowledgement says so
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            snapshot.inFlight().forEach(InFlightCapture::release);
            try {
                snapshot.releaseOnTaskThread().run();
            } catch (RuntimeException e) {
                // written already: the acknowledgement must go out; only the state's old version stays pinned
                LOG.warn("could not release the snapshot of checkpoint {} on its task: {}", snapshot.checkpointId(),
                    e.toString());
            }
        }
        long endNanos = System.nanoTime();
        times.asyncEnd(endNanos);
        CpuSlices.between(); // the acknowledgement may run the commit on this thread next
        times.acknowledged(System.nanoTime());
        acknowledgements.accept(new TaskAcknowledgement(snapshot.checkpointId(), snapshot.taskIndex(),
            snapshot.syncNanos(), endNanos - startNanos, snapshot.alignmentNanos(), snapshot.firstBarrierNanos(),
            stateBytes, inFlightBytes, snapshot.unaligned(), failure, times));
    }

    private static long writeOperator(CheckpointWriter writer, OperatorSnapshot operator, PhaseTimes times) {
        long bytes = 0;
        if (operator.keyed() != null || operator.operatorState() != null) {
            KeyedStateSnapshot keyed = operator.keyed();
            int warmupPasses = keyed == null ? 0 : SnapshotWarmup.claim(keyed);
            if (warmupPasses > 0) {
                SnapshotWarmup.run(writer, keyed, warmupPasses, SnapshotWriter::writeKeyed);
            }
            boolean shared = keyed != null && keyed.isIncremental() && writer.kind() == CheckpointKind.CHECKPOINT;
            StateOutput out = shared ? writer.openSharedState(operator.uid(), operator.subtask(), keyed.base())
                : writer.openState(operator.uid(), operator.subtask());
            if (keyed != null) {
                writeKeyed(out, keyed);
            }
            if (operator.operatorState() != null) {
                out.writeOperatorState(RestoredState.OPERATOR_STATE, operator.operatorState().toByteArray());
            }
            StreamHandle handle = finish(out, times);
            if (shared) {
                keyed.written(handle);
            }
            bytes += length(handle);
        }
        if (operator.timers() != null && operator.timers().size() > 0) {
            StateOutput out = writer.openState(OperatorSnapshot.timersUid(operator.uid()), operator.subtask(), operator.uid());
            operator.timers().writeTo(out::writeKeyGroup);
            bytes += length(finish(out, times));
        }
        if (operator.sourcePosition() != null) {
            writer.sourcePosition(operator.uid(), operator.subtask(), operator.sourcePosition());
            bytes += operator.sourcePosition().length;
        }
        if (operator.finished()) {
            writer.finished(operator.uid(), operator.subtask());
        }
        return bytes;
    }

    private static void writeKeyed(StateOutput out, KeyedStateSnapshot keyed) {
        keyed.writeTo((keyGroup, block, offset, length) -> {
            CpuSlices.between(); // a task woken on this core runs within a slice, not after the whole state
            out.writeKeyGroup(keyGroup, block, offset, length);
        });
    }

    /** The identity of the codec the records of {@code channel} are written in; before the tasks start. */
    public void recordCodec(io.ringflow.storage.metadata.ChannelDescriptor channel, String identity) {
        recordCodecs.put(channel, identity);
    }

    private static long writeInFlight(CheckpointWriter writer, InFlightCapture capture, String recordCodec, PhaseTimes times) {
        InFlightOutput out = writer.openInFlight(capture.descriptor(), recordCodec);
        long bytes = capture.writeTo(out);
        capture.release(); // copied: the producer may reuse the slots before the file is finished and flushed
        long start = System.nanoTime();
        out.finish();
        times.streamFinished(start, System.nanoTime());
        return bytes;
    }

    private static StreamHandle finish(StateOutput out, PhaseTimes times) {
        long start = System.nanoTime();
        StreamHandle handle = out.finish();
        times.streamFinished(start, System.nanoTime());
        return handle;
    }

    private static long length(StreamHandle handle) {
        return handle == null ? 0 : handle.length();
    }

    /**
     * Stops taking snapshots and waits, however long it takes, for the ones being written: their
     * in-flight copies read ring memory that is freed right after, and their files are open.
     */
    @Override
    public void close() {
        thread.shutdown();
        boolean interrupted = false;
        while (!thread.isTerminated()) {
            try {
                thread.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // terminated is signalled just before the worker thread ends: no thread of the job outlives its end
        for (Thread worker : workerThreads) {
            while (worker.isAlive() && worker != Thread.currentThread()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
