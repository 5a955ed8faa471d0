package io.ringflow.storage.metadata;

/** The in-flight records of one channel: where they are and how many. */
public record ChannelStateMetadata(ChannelDescriptor channel, long recordCount, StreamHandle records) {
}
