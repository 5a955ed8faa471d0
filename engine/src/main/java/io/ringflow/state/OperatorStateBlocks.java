package io.ringflow.state;

import java.util.List;

/**
 * The operator-state blocks of every old subtask of one operator, in old subtask order, as
 * {@link OperatorStateBackend#restore} takes them.
 *
 * @param operatorUid the operator they belong to, named in restore errors; null when unknown
 * @param blocks      one block per old subtask, empty when it kept no operator state
 */
public record OperatorStateBlocks(String operatorUid, List<byte[]> blocks) {
}
