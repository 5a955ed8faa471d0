package io.ringflow.checkpoint;

import io.ringflow.api.Clock;
import io.ringflow.channel.BarrierMarker;
import io.ringflow.channel.Channel;
import io.ringflow.storage.metadata.ChannelDescriptor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
 * Ended channels count as having reached every barrier. Runs on the task thread only.
 */
public final class BarrierHandler {
    private final BarrierMode mode;
    private final long alignedTimeoutMs;
    private final Clock clock;
    private final Channel[] channels;
    private final ChannelDescriptor[] descriptors;
    private final CheckpointTarget target;
    private final long[] lastReached;
    private final ArrayDeque<Long> pending = new ArrayDeque<>();
    private final Set<Long> aborted = new HashSet<>();
    private long handledUpTo = -1;
    private long firstBarrierNanos;
    private long firstBarrierMs;
    private long capturedAlignmentNanos;
    private long capturingId = -1;
    private InFlightCapture[] captures;
    private List<OperatorSnapshot> capturedState;
    private long capturedSyncNanos;

    /** The task side of checkpointing. */
    public interface CheckpointTarget {
        /** Synchronous part: snapshots operators and forwards barriers downstream. */
        List<OperatorSnapshot> snapshotAndForward(long checkpointId, boolean unaligned);

        /** Hands a finished task snapshot to the asynchronous writer. */
        void submit(TaskSnapshot snapshot);
    }

    public BarrierHandler(BarrierMode mode, long alignedTimeoutMs, Clock clock, Channel[] channels,
                          ChannelDescriptor[] descriptors, CheckpointTarget target) {
        this.mode = mode;
        this.alignedTimeoutMs = alignedTimeoutMs;
        this.clock = clock;
        this.channels = channels;
        this.descriptors = descriptors;
        this.target = target;
        this.lastReached = new long[channels.length];
        Arrays.fill(lastReached, -1);
    }

    /** True when the task must not read channel {@code index} now (aligned, waiting for the others). */
    public boolean isBlocked(int index) {
        return capturingId < 0 && (mode == BarrierMode.ALIGNED || mode == BarrierMode.ALIGNED_WITH_TIMEOUT)
            && !pending.isEmpty() && lastReached[index] >= pending.peekFirst();
    }

    /** A marker is queued on channel {@code index}, not yet reached. */
    public void onVisible(int index, BarrierMarker marker) {
        long id = marker.checkpointId();
        if (isDone(id)) {
            return;
        }
        register(id);
        boolean switchNow = mode == BarrierMode.UNALIGNED
            || (mode == BarrierMode.ALIGNED_WITH_TIMEOUT && marker.unaligned());
        if (switchNow && capturingId != id && id == pending.peekFirst()) {
            goUnaligned(id);
        }
        if (capturingId == id && captures[index] != null && !captures[index].isEnded()) {
            captures[index].end(marker.position());
            maybeSubmitCapture();
        }
    }

    /** The task consumed every slot before {@code marker} on channel {@code index}. */
    public void onReached(int index, BarrierMarker marker) {
        long id = marker.checkpointId();
        lastReached[index] = Math.max(lastReached[index], id);
        if (isDone(id)) {
            return;
        }
        register(id);
        if (capturingId == id) {
            if (captures[index] != null && !captures[index].isEnded()) {
                captures[index].end(marker.position());
            }
            maybeSubmitCapture();
        } else {
            completeReached();
        }
    }

    /** Channel {@code index} delivered its end of input at {@code sequence}: it reached every barrier there will be. */
    public void onEnded(int index, long sequence) {
        lastReached[index] = Long.MAX_VALUE;
        if (capturingId >= 0 && captures[index] != null && !captures[index].isEnded()) {
            captures[index].end(sequence);
            maybeSubmitCapture();
        } else {
            completeReached();
        }
    }

    /**
     * Checkpoint {@code checkpointId} was triggered on this task directly because every upstream
     * task finished: no barrier will come, so it is taken once every channel delivered its end of
     * input, with the records the upstream tasks left in the rings processed.
     */
    public void triggerAtEndOfInput(long checkpointId) {
        if (!isDone(checkpointId)) {
            register(checkpointId);
            completeReached();
        }
    }

    /** Switches a long alignment to unaligned (aligned-with-timeout mode). */
    public void checkAlignmentTimeout() {
        if (mode == BarrierMode.ALIGNED_WITH_TIMEOUT && capturingId < 0 && !pending.isEmpty()
            && clock.currentTimeMillis() - firstBarrierMs > alignedTimeoutMs) {
            goUnaligned(pending.peekFirst());
        }
    }

    /** The coordinator gave up on {@code checkpointId}: stop holding or capturing for it. */
    public void abort(long checkpointId) {
        aborted.add(checkpointId);
        if (capturingId == checkpointId) {
            for (InFlightCapture capture : captures) {
                if (capture != null) {
                    capture.release();
                }
            }
            capturingId = -1;
            captures = null;
            capturedState = null;
        }
        pending.remove(checkpointId);
        completeReached();
    }

    /** Pending checkpoints, reached barriers and the capture; racy when read off the task thread. */
    public String describe() {
        return "mode " + mode + ", pending " + pending + ", handled up to " + handledUpTo + ", last reached "
            + Arrays.toString(lastReached) + ", capturing " + capturingId;
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
        if (isDone(checkpointId) || capturingId == checkpointId) {
            return false;
        }
        pending.remove(checkpointId);
        handled(checkpointId);
        return true;
    }

    private boolean isDone(long id) {
        return id <= handledUpTo || aborted.contains(id);
    }

    private void register(long id) {
        if (!pending.contains(id)) {
            if (pending.isEmpty()) {
                firstBarrierNanos = System.nanoTime();
                firstBarrierMs = clock.currentTimeMillis();
            }
            pending.addLast(id);
        }
    }

    /** Snapshots every pending checkpoint whose barrier all live channels reached, oldest first. */
    private void completeReached() {
        while (capturingId < 0 && !pending.isEmpty() && minReached() >= pending.peekFirst()) {
            long id = pending.pollFirst();
            long startNanos = System.nanoTime();
            List<OperatorSnapshot> state = target.snapshotAndForward(id, false);
            long syncNanos = System.nanoTime() - startNanos;
            target.submit(new TaskSnapshot(id, -1, state, List.of(), syncNanos, startNanos - firstBarrierNanos,
                firstBarrierNanos, false, null));
            handled(id);
            restartAlignmentClock();
        }
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

    private void goUnaligned(long id) {
        captures = new InFlightCapture[channels.length];
        for (int i = 0; i < channels.length; i++) {
            if (lastReached[i] < id) {
                captures[i] = new InFlightCapture(channels[i], descriptors[i], channels[i].consumedSequence());
                BarrierMarker visible = channels[i].peekBarrier();
                if (visible != null && visible.checkpointId() == id) {
                    captures[i].end(visible.position());
                }
            }
        }
        capturingId = id;
        long startNanos = System.nanoTime();
        capturedAlignmentNanos = startNanos - firstBarrierNanos;
        capturedState = target.snapshotAndForward(id, true);
        capturedSyncNanos = System.nanoTime() - startNanos;
        maybeSubmitCapture();
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
        target.submit(new TaskSnapshot(id, -1, capturedState, inFlight, capturedSyncNanos,
            capturedAlignmentNanos, firstBarrierNanos, true, null));
        capturingId = -1;
        captures = null;
        capturedState = null;
        pending.remove(id);
        handled(id);
        restartAlignmentClock();
        completeReached();
    }
}
