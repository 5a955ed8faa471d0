package io.ringflow.barrier;

import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.snapshot.PhaseTimes;
import io.ringflow.snapshot.TaskSnapshot;
import io.ringflow.api.Clock;
import io.ringflow.channel.BarrierMarker;
import io.ringflow.channel.Channel;
import io.ringflow.storage.metadata.ChannelDescriptor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * Barriers of one task's input channels, in every mode (one handler, a mode and a little state,
 * rather than a class per combination). A barrier is <em>visible</em> once its marker is queued
 * beside the ring, and <em>reached</em> once the task consumed every slot before it.
 * <ul>
 *   <li>aligned: a channel that reached the current barrier is blocked until all did; then snapshot;</li>
 *   <li>at-least-once: nothing blocked; snapshot when all reached;</li>
 *   <li>unaligned: snapshot as soon as a barrier is visible; the slots between each channel's
 *       consumed position and its barrier are captured as in-flight data;</li>
 *   <li>aligned with timeout: aligned, switching to unaligned once alignment takes too long.</li>
 * </ul>
 * Ended channels count as having reached every barrier. In every mode but at-least-once, a
 * channel that reached the barrier of a checkpoint not yet snapshotted is read no further, so no
 * record after a barrier is processed before its snapshot. One capture at a time; a checkpoint
 * whose barrier arrives during another's capture is taken right after it. Runs on the task thread only.
 */
public final class BarrierHandler {
    private final BarrierMode mode;
    private final long alignedTimeoutMs;
    private final Clock clock;
    private final LongUnaryOperator triggerTimes; // checkpoint id -> trigger time (ms), -1 if unknown
    private final LongPredicate savepoints; // a savepoint is always aligned, as in Flink
    private final Channel[] channels;
    private final ChannelDescriptor[] descriptors;
    private final CheckpointTarget target;
    private final long[] lastReached;
    private final ArrayDeque<Long> pending = new ArrayDeque<>();
    // pending checkpoints to take unaligned: every one in unaligned mode, switched ones with a timeout
    private final Set<Long> unaligned = new HashSet<>();
    private final Set<Long> aborted = new HashSet<>();
    private final Map<Long, PhaseTimes> times = new HashMap<>(); // of the checkpoints seen and not yet handed on
    private State state = State.IDLE;
    private long handledUpTo = -1;
    private long firstBarrierNanos;
    private long firstBarrierMs;
    private long capturedAlignmentNanos;
    private long capturingId; // meaningful in CAPTURING only
    private InFlightCapture[] captures;
    private List<OperatorSnapshot> capturedState;
    private long capturedSyncNanos;

    /** What the handler is doing. */
    enum State {
        /** No checkpoint pending: every channel is read freely. */
        IDLE,
        /** Checkpoints pending, none capturing: channels that reached the oldest barrier are blocked. */
        ALIGNING,
        /** An unaligned snapshot was taken; channels short of its barrier copy their slots until it arrives. */
        CAPTURING
    }

    /** The task side of checkpointing. */
    public interface CheckpointTarget {
        /** Synchronous part: snapshots operators and forwards barriers downstream. */
        List<OperatorSnapshot> snapshotAndForward(long checkpointId, boolean unaligned);

        /** Hands a finished task snapshot to the asynchronous writer. */
        void submit(TaskSnapshot snapshot);
    }

    /**
     * @param triggerTimes when each checkpoint was triggered (the job's clock, ms), -1 if unknown:
     *                     the aligned-checkpoint timeout counts from there, not from this task's first barrier
     */
    public BarrierHandler(BarrierMode mode, long alignedTimeoutMs, Clock clock, LongUnaryOperator triggerTimes,
                          Channel[] channels, ChannelDescriptor[] descriptors, CheckpointTarget target) {
        this(mode, alignedTimeoutMs, clock, triggerTimes, id -> false, channels, descriptors, target);
    }

    /**
     * @param savepoints whether a checkpoint is a savepoint's: as in Flink, a savepoint is aligned
     *                   whatever the mode (no records in flight in it, so it restores at any
     *                   parallelism), and an aligned-checkpoint timeout does not switch it
     */
    public BarrierHandler(BarrierMode mode, long alignedTimeoutMs, Clock clock, LongUnaryOperator triggerTimes,
                          LongPredicate savepoints, Channel[] channels, ChannelDescriptor[] descriptors,
                          CheckpointTarget target) {
        this.savepoints = savepoints;
        this.mode = mode;
        this.alignedTimeoutMs = alignedTimeoutMs;
        this.clock = clock;
        this.triggerTimes = triggerTimes;
        this.channels = channels;
        this.descriptors = descriptors;
        this.target = target;
        this.lastReached = new long[channels.length];
        Arrays.fill(lastReached, -1);
    }

    /**
     * True when a barrier may overtake records (unaligned, or aligned with a timeout): the task
     * should look for a new marker after every record rather than after a batch.
     */
    public boolean overtakes() {
        return mode == BarrierMode.UNALIGNED || mode == BarrierMode.ALIGNED_WITH_TIMEOUT;
    }

    /** True when the task must not read channel {@code index} now: it reached a barrier whose snapshot is still to be taken. */
    public boolean isBlocked(int index) {
        if (mode == BarrierMode.AT_LEAST_ONCE || pending.isEmpty()) {
            return false;
        }
        long first = pending.peekFirst();
        if (isCapturing(first)) {
            if (pending.size() == 1) {
                return false;
            }
            first = secondPending();
        }
        return lastReached[index] >= first;
    }

    private long secondPending() {
        var ids = pending.iterator();
        ids.next();
        return ids.next();
    }

    /** A marker is queued on channel {@code index}, not yet reached. */
    public void onVisible(int index, BarrierMarker marker) {
        long id = marker.checkpointId();
        if (isDone(id)) {
            return;
        }
        timesOf(id).barrierVisible(index, System.nanoTime());
        register(id, marker);
        if (isCapturing(id)) {
            endCapture(index, marker.position());
        } else {
            advance();
        }
    }

    /**
     * The task consumed every slot before {@code marker} on channel {@code index}; a marker queued
     * after the task last looked at the queue may be reached without having been announced visible.
     */
    public void onReached(int index, BarrierMarker marker) {
        long id = marker.checkpointId();
        lastReached[index] = Math.max(lastReached[index], id);
        if (isDone(id)) {
            return;
        }
        long now = System.nanoTime();
        PhaseTimes times = timesOf(id);
        times.barrierVisible(index, now); // not announced before: seen now
        times.barrierReached(index, now);
        register(id, marker);
        if (isCapturing(id)) {
            endCapture(index, marker.position());
        } else {
            advance();
        }
    }

    /** Channel {@code index} delivered its end of input at {@code sequence}: it reached every barrier there will be. */
    public void onEnded(int index, long sequence) {
        lastReached[index] = Long.MAX_VALUE;
        if (state == State.CAPTURING) {
            endCapture(index, sequence);
        } else {
            advance();
        }
    }

    /**
     * The capture of channel {@code index} whose barrier is not visible yet, or null: the task copies
     * each slot of that channel into it before processing the slot.
     */
    public InFlightCapture captureBeforeBarrier(int index) {
        if (state == State.CAPTURING && captures[index] != null && !captures[index].isEnded()) {
            return captures[index];
        }
        return null;
    }

    /**
     * Checkpoint {@code checkpointId} was triggered on this task directly because every upstream
     * task finished: no barrier will come, so it is taken once every channel delivered its end of
     * input, with the records the upstream tasks left in the rings processed.
     */
    public void triggerAtEndOfInput(long checkpointId) {
        if (!isDone(checkpointId)) {
            register(checkpointId);
            advance();
        }
    }

    /**
     * True while an aligned checkpoint with a timeout waits for barriers here: the task should
     * check the timeout after every record, not after a batch of a slow operator.
     */
    public boolean isTimingAlignment() {
        return mode == BarrierMode.ALIGNED_WITH_TIMEOUT && state == State.ALIGNING && !pending.isEmpty()
            && !savepoints.test(pending.peekFirst());
    }

    /**
     * Switches a long alignment to unaligned (aligned-with-timeout mode): as in Flink, once the
     * checkpoint's start delay passes the timeout, counted from its trigger (this task's first
     * barrier of it when the trigger time is unknown).
     */
    public void checkAlignmentTimeout() {
        if (isTimingAlignment()) {
            long id = pending.peekFirst();
            long triggered = triggerTimes.applyAsLong(id);
            long start = triggered >= 0 ? Math.min(triggered, firstBarrierMs) : firstBarrierMs;
            if (clock.currentTimeMillis() - start > alignedTimeoutMs) {
                unaligned.add(id);
                advance();
            }
        }
    }

    /** The coordinator gave up on {@code checkpointId}: stop holding or capturing for it. */
    public void abort(long checkpointId) {
        aborted.add(checkpointId);
        times.remove(checkpointId);
        if (isCapturing(checkpointId)) {
            for (InFlightCapture capture : captures) {
                if (capture != null) {
                    capture.release();
                }
            }
            for (OperatorSnapshot snapshot : capturedState) {
                if (snapshot.keyed() != null) {
                    snapshot.keyed().release(); // never handed to the writer: its copy-on-write version is unpinned here
                }
            }
            captures = null;
            capturedState = null;
            state = State.ALIGNING;
        }
        pending.remove(checkpointId);
        unaligned.remove(checkpointId);
        advance();
    }

    /** Pending checkpoints, reached barriers and the capture; racy when read off the task thread. */
    public String describe() {
        StringBuilder out = new StringBuilder("mode ").append(mode).append(", pending ").append(pending)
            .append(", unaligned ").append(unaligned).append(", handled up to ").append(handledUpTo)
            .append(", last reached ").append(Arrays.toString(lastReached))
            .append(", ").append(state).append(state == State.CAPTURING ? " " + capturingId : "");
        InFlightCapture[] open = captures;
        if (open != null) {
            for (int i = 0; i < open.length; i++) {
                InFlightCapture capture = open[i];
                if (capture != null) {
                    out.append("\n    capture in").append(i).append(capture.isEnded()
                        ? " ended, held (" + capture.holdFrom() + ", " + capture.toInclusive() + "]"
                        : " waiting for its barrier").append(", ").append(capture.copiedRecords()).append(" records copied");
                }
            }
        }
        return out.toString();
    }

    private void handled(long id) {
        handledUpTo = Math.max(handledUpTo, id);
        aborted.removeIf(abortedId -> abortedId <= handledUpTo); // below handledUpTo all are done anyway
    }

    /**
     * The coordinator triggers {@code checkpointId} directly on this task, whose input ended:
     * true unless a barrier already took it; from now on its barriers are ignored.
     */
    public boolean claim(long checkpointId) {
        if (isDone(checkpointId) || isCapturing(checkpointId)) {
            return false;
        }
        pending.remove(checkpointId);
        unaligned.remove(checkpointId);
        times.remove(checkpointId);
        handled(checkpointId);
        return true;
    }

    private boolean isCapturing(long id) {
        return state == State.CAPTURING && capturingId == id;
    }

    /** Checkpoint {@code checkpointId} was taken or aborted here: its barriers no longer matter. */
    public boolean isSettled(long checkpointId) {
        return isDone(checkpointId);
    }

    private boolean isDone(long id) {
        return id <= handledUpTo || aborted.contains(id);
    }

    private void register(long id, BarrierMarker marker) {
        register(id);
        if ((mode == BarrierMode.UNALIGNED || (mode == BarrierMode.ALIGNED_WITH_TIMEOUT && marker.unaligned()))
            && !savepoints.test(id)) {
            unaligned.add(id);
        }
    }

    private void register(long id) {
        if (!pending.contains(id)) {
            if (pending.isEmpty()) {
                restartAlignmentClock();
            }
            pending.addLast(id);
            if (state == State.IDLE) {
                state = State.ALIGNING;
            }
        }
    }

    /**
     * Takes what can be taken now, oldest first: a checkpoint whose barrier every live channel
     * reached is snapshotted aligned; an unaligned one starts its capture once no other runs.
     */
    private void advance() {
        while (state != State.CAPTURING && !pending.isEmpty()) {
            long id = pending.peekFirst();
            if (minReached() >= id) {
                pending.pollFirst();
                unaligned.remove(id);
                long startNanos = System.nanoTime();
                List<OperatorSnapshot> snapshot = target.snapshotAndForward(id, false);
                long endNanos = System.nanoTime();
                PhaseTimes phases = takeTimes(id);
                phases.sync(startNanos, endNanos);
                target.submit(new TaskSnapshot(id, -1, snapshot, List.of(), endNanos - startNanos,
                    startNanos - firstBarrierNanos, firstBarrierNanos, false, null, phases));
                handled(id);
                restartAlignmentClock();
            } else if (unaligned.contains(id)) {
                goUnaligned(id);
            } else {
                return;
            }
        }
        if (pending.isEmpty() && state == State.ALIGNING) {
            state = State.IDLE;
        }
    }

    private PhaseTimes timesOf(long id) {
        return times.computeIfAbsent(id, key -> new PhaseTimes(channels.length));
    }

    /** The times of checkpoint {@code id}, no longer kept here: they go with its snapshot. */
    private PhaseTimes takeTimes(long id) {
        PhaseTimes taken = times.remove(id);
        return taken != null ? taken : new PhaseTimes(channels.length);
    }

    private void restartAlignmentClock() {
        firstBarrierNanos = System.nanoTime();
        firstBarrierMs = clock.currentTimeMillis();
    }

    private long minReached() {
        long min = Long.MAX_VALUE;
        for (long reached : lastReached) {
            min = Math.min(min, reached);
        }
        return min;
    }

    /** Snapshots now; each channel short of the barrier captures its records up to it. */
    private void goUnaligned(long id) {
        captures = new InFlightCapture[channels.length];
        for (int i = 0; i < channels.length; i++) {
            if (lastReached[i] < id) {
                captures[i] = new InFlightCapture(channels[i], descriptors[i]);
                BarrierMarker visible = channels[i].findBarrier(id);
                if (visible != null) {
                    timesOf(id).barrierVisible(i, System.nanoTime()); // seen here, before the task announces it
                    captures[i].end(visible.position());
                }
            }
        }
        capturingId = id;
        state = State.CAPTURING;
        long startNanos = System.nanoTime();
        capturedAlignmentNanos = startNanos - firstBarrierNanos;
        capturedState = target.snapshotAndForward(id, true);
        long endNanos = System.nanoTime();
        capturedSyncNanos = endNanos - startNanos;
        timesOf(id).sync(startNanos, endNanos);
        maybeSubmitCapture();
    }

    private void endCapture(int index, long position) {
        InFlightCapture capture = captures[index];
        if (capture != null && !capture.isEnded()) {
            capture.end(position);
            maybeSubmitCapture();
        }
    }

    private void maybeSubmitCapture() {
        for (InFlightCapture capture : captures) {
            if (capture != null && !capture.isEnded()) {
                return;
            }
        }
        long id = capturingId;
        List<InFlightCapture> inFlight = new ArrayList<>();
        for (InFlightCapture capture : captures) {
            if (capture != null) {
                inFlight.add(capture);
            }
        }
        PhaseTimes phases = takeTimes(id);
        phases.captureEnd(System.nanoTime());
        target.submit(new TaskSnapshot(id, -1, capturedState, inFlight, capturedSyncNanos,
            capturedAlignmentNanos, firstBarrierNanos, true, null, phases));
        state = State.ALIGNING;
        captures = null;
        capturedState = null;
        pending.remove(id);
        unaligned.remove(id);
        handled(id);
        restartAlignmentClock();
        advance();
    }
}
