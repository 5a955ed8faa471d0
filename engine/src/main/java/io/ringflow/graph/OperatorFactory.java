package io.ringflow.graph;

import io.ringflow.operator.StreamOperator;


/** Makes the operator instance of one parallel subtask of a node, for one execution attempt. */
@FunctionalInterface
public interface OperatorFactory {
    StreamOperator<?> create(int subtaskIndex, int attempt);
}
