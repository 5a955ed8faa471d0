package io.ringflow.state;

import java.util.List;

/**
 * Restored elements of an operator state that is not registered yet, as encoded bytes: they are
 * decoded when the state is requested and written back unchanged by snapshots before that.
 */
record PendingOperatorState(String name, RedistributionMode mode, List<byte[]> elements) {
}
