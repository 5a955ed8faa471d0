package io.ringflow.graph;

import io.ringflow.operator.StreamOperator;


/** Makes the operator instance of one parallel subtask of a node, for one execution attempt. */
@FunctionalInterface
public interface OperatorFactory {
    StreamOperator<?> create(int subtaskIndex, int attempt);

    /** Why the user's function cannot be copied for another subtask or a restart, or null when it can (or needs none). */
    default String notCopyable() {
        return null;
    }

    /** {@code factory}, telling whether the functions it copies can be copied. */
    static OperatorFactory copying(OperatorFactory factory, FunctionCopier.Built<?>... functions) {
        return new OperatorFactory() {
            @Override
            public StreamOperator<?> create(int subtaskIndex, int attempt) {
                return factory.create(subtaskIndex, attempt);
            }

            @Override
            public String notCopyable() {
                for (FunctionCopier.Built<?> function : functions) {
                    if (function.notCopyable() != null) {
                        return function.notCopyable();
                    }
                }
                return null;
            }
        };
    }
}
