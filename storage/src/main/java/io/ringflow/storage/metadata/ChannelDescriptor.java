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

    // equals and hashCode by hand: a record's generated ones go through method handles, slow in cold code
    @Override
    public boolean equals(Object other) {
        return other instanceof ChannelDescriptor channel && upstreamSubtask == channel.upstreamSubtask
            && downstreamSubtask == channel.downstreamSubtask && inputIndex == channel.inputIndex
            && upstreamUid.equals(channel.upstreamUid) && downstreamUid.equals(channel.downstreamUid);
    }

    @Override
    public int hashCode() {
        return ((upstreamUid.hashCode() * 31 + upstreamSubtask) * 31 + downstreamUid.hashCode()) * 31 * 31
            + downstreamSubtask * 31 + inputIndex;
    }

    @Override
    public String toString() {
        return upstreamUid + "#" + upstreamSubtask + " -> " + downstreamUid + "#" + downstreamSubtask
            + " (input " + inputIndex + ")";
    }
}
