package io.ringflow.operator;

/**
 * An operator that consumes two streams, each of its own type ({@code connect}). Watermarks and
 * idleness reach it combined over the channels of both inputs, as over the inputs of a union.
 * Each input's end is told on its own ({@link #endInput}, Flink's {@code BoundedMultiInput}).
 */
public abstract class TwoInputOperator<IN1, IN2, OUT> extends StreamOperator<OUT> {
    private final OneInputOperator<IN1, Void> first = new RecordInput<>() {
        @Override
        public void processElement(IN1 value, long timestamp) throws Exception {
            processElement1(value, timestamp);
        }

        @Override
        public void inputEnded() throws Exception {
            if (!endedBeforeRestore()) {
                endInput(1);
            }
        }
    };
    private final OneInputOperator<IN2, Void> second = new RecordInput<>() {
        @Override
        public void processElement(IN2 value, long timestamp) throws Exception {
            processElement2(value, timestamp);
        }

        @Override
        public void inputEnded() throws Exception {
            if (!endedBeforeRestore()) {
                endInput(2);
            }
        }
    };

    /** Both inputs ended before the checkpoint this subtask restored: what endInput emitted was committed then. */
    private boolean endedBeforeRestore() {
        return context != null && context.restored() != null && context.restored().inputEndedBefore();
    }

    public abstract void processElement1(IN1 value, long timestamp) throws Exception;

    public abstract void processElement2(IN2 value, long timestamp) throws Exception;

    /**
     * Input {@code inputId} (1 or 2) ended: all its records were processed. Called once per input,
     * in the order the inputs end, before {@link #finish}; may still emit.
     */
    public void endInput(int inputId) throws Exception {
    }

    /**
     * Where the task hands the records of logical input {@code inputNumber}: a one-input view, so a
     * task picks it once per channel and its per-record call stays the one-input call.
     */
    public final OneInputOperator<?, ?> input(int inputNumber) {
        return switch (inputNumber) {
            case 1 -> first;
            case 2 -> second;
            default -> throw new IllegalArgumentException("a two-input operator has inputs 1 and 2, not " + inputNumber);
        };
    }

    /** Takes records only: watermarks, idleness and the life cycle go to the operator itself. */
    private abstract static class RecordInput<IN> extends OneInputOperator<IN, Void> {
    }
}
