package io.ringflow.storage.metadata;

/**
 * Names one channel whose in-flight records a checkpoint holds: the ring from an upstream
 * subtask to a downstream subtask, arriving at the downstream task's input {@code inputIndex}.
 */
public record ChannelDescriptor(String upstreamUid, int upstreamSubtask, String downstreamUid,
                                int downstreamSubtask, int inputIndex) {
    public ChannelDescriptor {
        if (upstreamUid == null || downstreamUid == null || upstreamSubtask < 0 || downstreamSubtask < 0
            || inputIndex < 0) {
            throw new IllegalArgumentException("invalid channel " + upstreamUid + "#" + upstreamSubtask + " -> "
                + downstreamUid + "#" + downstreamSubtask + " input " + inputIndex);
        }
    }

    @Override
    public String toString() {
        return upstreamUid + "#" + upstreamSubtask + " -> " + downstreamUid + "#" + downstreamSubtask
            + " (input " + inputIndex + ")";
    }
}
