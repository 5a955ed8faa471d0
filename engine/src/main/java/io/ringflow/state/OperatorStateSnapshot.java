package io.ringflow.state;

import io.ringflow.api.codec.Codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static io.ringflow.state.OperatorStateBlockDescriptor.BEGIN_MARKER;
import static io.ringflow.state.OperatorStateBlockDescriptor.END_MARKER;

/**
 * The operator states of one parallel instance as they were at
 * {@link OperatorStateBackend#snapshot()}: copied lists, encoded on demand by any one thread.
 */
public final class OperatorStateSnapshot {
    private final List<Copied<?>> states = new ArrayList<>();
    private final List<PendingOperatorState> pending;

    OperatorStateSnapshot(Collection<OperatorListState<?>> live, Collection<PendingOperatorState> pending) {
        for (OperatorListState<?> state : live) {
            states.add(Copied.of(state));
        }
        this.pending = new ArrayList<>(pending);
    }

    /** Appends the block (see {@link OperatorStateBlockDescriptor}) to {@code out}. */
    public void writeTo(BlockWriter out) {
        out.putInt(BEGIN_MARKER);
        out.putInt(states.size() + pending.size());
        for (Copied<?> state : states) {
            state.write(out);
        }
        for (PendingOperatorState p : pending) {
            writeHeader(out, p.name(), p.mode(), p.type(), p.elements().size());
            for (byte[] element : p.elements()) {
                out.putInt(element.length);
                out.putBytes(element);
            }
        }
        out.putInt(END_MARKER);
    }

    /** The block as a new byte array. */
    public byte[] toByteArray() {
        BlockWriter out = new BlockWriter();
        writeTo(out);
        byte[] bytes = new byte[out.position()];
        out.buffer().getBytes(0, bytes);
        return bytes;
    }

    private static void writeHeader(BlockWriter out, String name, RedistributionMode mode, String type, int count) {
        out.putString(name);
        out.putByte(StateType.flagged(mode.ordinal(), type != null));
        if (type != null) {
            out.putString(type);
        }
        out.putInt(count);
    }

    private record Copied<T>(String name, RedistributionMode mode, Codec<T> codec, List<T> elements) {
        static <T> Copied<T> of(OperatorListState<T> state) {
            return new Copied<>(state.name, state.mode, state.codec, state.copyElements());
        }

        void write(BlockWriter out) {
            writeHeader(out, name, mode, codec.identity(), elements.size());
            for (T element : elements) {
                out.putFramed(codec, element);
            }
        }
    }
}
