/**
 * The state layer: key groups, the heap keyed state backend with copy-on-write snapshots, and
 * operator state. Timers live in {@code io.ringflow.state.timer}.
 *
 * <pre>
 *   task thread                               snapshot thread
 *   -----------                               ---------------
 *   setCurrentKey(k) -> key group, hash
 *   state.value()/update() -> StateMap[kg]
 *   snapshot()  -- pins tables, O(states x kgs) --> KeyedStateSnapshot.writeTo(sink)
 *   (writes copy frozen entries first)              key group by key group, via codecs
 *   snapshot.release()  &lt;-- after the write is done --
 * </pre>
 *
 * Snapshot blocks are self-describing (state names and kinds inside) and bracketed by markers;
 * see {@link io.ringflow.state.KeyGroupBlockDescriptor} and
 * {@link io.ringflow.state.OperatorStateBlockDescriptor}.
 */
package io.ringflow.state;
