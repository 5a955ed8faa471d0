package io.ringflow.state;

import java.util.List;

/**
 * Restored elements of an operator state that is not registered yet, as encoded bytes: they are
 * decoded when the state is requested and written back unchanged by snapshots before that.
 *
 * @param type the identity of the codec the elements were written with; null in blocks written
 *             before types were stored
 */
record PendingOperatorState(String name, RedistributionMode mode, String type, List<byte[]> elements) {
}
