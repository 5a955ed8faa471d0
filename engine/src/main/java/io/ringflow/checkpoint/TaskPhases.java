package io.ringflow.checkpoint;

import io.ringflow.snapshot.OperatorSnapshot;

import java.util.Arrays;
import java.util.List;

/**
 * The coordinator's view of every task's life, moved only by the task's own reports:
 * {@code RUNNING → INPUT_ENDED → AWAITING_FINAL → FINISHED}. Finished tasks, the final checkpoint
 * and the union-list-state rule are all decided here. Coordinator thread only.
 */
final class TaskPhases {
    enum Phase {
        /** Reading input; a source is triggered directly, any other task gets barriers. */
        RUNNING,
        /** All input ended and its operators finished; it takes any checkpoint triggered on it directly. */
        INPUT_ENDED,
        /** Triggered after its end: it finishes once such a checkpoint completed. */
        AWAITING_FINAL,
        /** Left its loop: takes part in no checkpoint; its end positions go into every later one. */
        FINISHED
    }

    private final Phase[] phases;
    private final int[] chainOf;
    private final int[][] upstreams;
    private final int[][] downstreams;
    private final boolean[] unionListState;
    private final boolean[] started;
    private int startedTasks;
    private final long[] lastSubmitted;
    private final List<?>[] endPositions;
    // per chain, reused so that a duty cycle allocates nothing
    private final int[] subtasksOfChain;
    private final int[] finishedOfChain;
    private final int[] endedOfChain;
    private final boolean[] unionOfChain;
    private int finished;
    private int running;
    private int unionTasks;

    /** {@code upstreams[t]} are the tasks feeding task {@code t}; {@code chainOf[t]} its chain. */
    TaskPhases(int[] chainOf, int[][] upstreams) {
        int tasks = chainOf.length;
        this.phases = new Phase[tasks];
        Arrays.fill(phases, Phase.RUNNING);
        this.chainOf = chainOf.clone();
        this.upstreams = upstreams;
        this.downstreams = invert(upstreams);
        this.unionListState = new boolean[tasks];
        this.started = new boolean[tasks];
        this.lastSubmitted = new long[tasks];
        Arrays.fill(lastSubmitted, -1);
        this.endPositions = new List<?>[tasks];
        int chains = Arrays.stream(chainOf).max().orElse(-1) + 1;
        this.subtasksOfChain = new int[chains];
        this.finishedOfChain = new int[chains];
        this.endedOfChain = new int[chains];
        this.unionOfChain = new boolean[chains];
        for (int chain : chainOf) {
            subtasksOfChain[chain]++;
        }
        this.running = tasks;
    }

    private static int[][] invert(int[][] upstreams) {
        int[] counts = new int[upstreams.length];
        for (int[] feeding : upstreams) {
            for (int upstream : feeding) {
                counts[upstream]++;
            }
        }
        int[][] downstreams = new int[upstreams.length][];
        for (int t = 0; t < upstreams.length; t++) {
            downstreams[t] = new int[counts[t]];
        }
        Arrays.fill(counts, 0);
        for (int t = 0; t < upstreams.length; t++) {
            for (int upstream : upstreams[t]) {
                downstreams[upstream][counts[upstream]++] = t;
            }
        }
        return downstreams;
    }

    int size() {
        return phases.length;
    }

    Phase phase(int task) {
        return phases[task];
    }

    void started(int task, boolean usesUnionListState) {
        if (!started[task]) {
            started[task] = true;
            startedTasks++;
        }
        if (usesUnionListState && !unionListState[task]) {
            unionListState[task] = true;
            unionOfChain[chainOf[task]] = true;
            unionTasks++;
        }
    }

    /**
     * Every task opened its operators (restored its state) and runs: as in Flink, no checkpoint is
     * triggered before, or a restore slower than the checkpoint timeout would expire checkpoints
     * the tasks never saw until the failures in a row failed every attempt.
     */
    boolean allStarted() {
        return startedTasks == phases.length;
    }

    void inputEnded(int task) {
        move(task, Phase.RUNNING, Phase.INPUT_ENDED);
        running--;
        endedOfChain[chainOf[task]]++;
    }

    /** A checkpoint was triggered on {@code task} directly. */
    void triggered(int task) {
        if (phases[task] == Phase.INPUT_ENDED) {
            phases[task] = Phase.AWAITING_FINAL;
        }
    }

    void finished(int task, long lastSubmittedCheckpointId, List<OperatorSnapshot> positions) {
        if (phases[task] != Phase.INPUT_ENDED && phases[task] != Phase.AWAITING_FINAL) {
            throw new IllegalStateException("task " + task + " reported finished while " + phases[task]
                + ": a task finishes only after its input ended");
        }
        phases[task] = Phase.FINISHED;
        lastSubmitted[task] = lastSubmittedCheckpointId;
        endPositions[task] = List.copyOf(positions);
        finished++;
        finishedOfChain[chainOf[task]]++;
    }

    private void move(int task, Phase from, Phase to) {
        if (phases[task] != from) {
            throw new IllegalStateException("task " + task + " cannot go from " + phases[task] + " to " + to);
        }
        phases[task] = to;
    }

    boolean usesUnionListState(int task) {
        return unionListState[task];
    }

    boolean isFinished(int task) {
        return phases[task] == Phase.FINISHED;
    }

    /** The newest checkpoint the task handed to the snapshot writer before finishing. */
    long lastSubmitted(int task) {
        return lastSubmitted[task];
    }

    @SuppressWarnings("unchecked")
    List<OperatorSnapshot> endPositions(int task) {
        return endPositions[task] == null ? List.of() : (List<OperatorSnapshot>) endPositions[task];
    }

    boolean anyFinished() {
        return finished > 0;
    }

    boolean allFinished() {
        return finished == phases.length;
    }

    /** No task reads input any more: the final checkpoint may go. */
    boolean allInputEnded() {
        return running == 0;
    }

    int[] downstreams(int task) {
        return downstreams[task];
    }

    /**
     * True when a checkpoint starts on {@code task} by a direct trigger: a source, a task whose
     * input ended, or one whose upstreams all finished (no barrier will come to it).
     */
    boolean triggersDirectly(int task) {
        if (phases[task] == Phase.FINISHED) {
            return false;
        }
        if (phases[task] != Phase.RUNNING) {
            return true;
        }
        for (int upstream : upstreams[task]) {
            if (phases[upstream] != Phase.FINISHED) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when some but not all subtasks of a chain that keeps union list state finished while
     * others still read input: a checkpoint now would lack the finished subtasks' union state,
     * which every subtask gets back on restore.
     */
    boolean unionStatePartlyFinished() {
        if (unionTasks == 0 || finished == 0) {
            return false;
        }
        for (int chain = 0; chain < subtasksOfChain.length; chain++) {
            if (unionOfChain[chain] && finishedOfChain[chain] > 0 && endedOfChain[chain] < subtasksOfChain[chain]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return Arrays.toString(phases);
    }
}
