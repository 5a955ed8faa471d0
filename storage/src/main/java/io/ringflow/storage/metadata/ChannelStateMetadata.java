package io.ringflow.storage.metadata;

/**
 * The in-flight records of one channel: where they are, how many, and the identity of the codec
 * that wrote them ({@code Codec.identity()}; null in checkpoints written before 2026-12-07).
 */
public record ChannelStateMetadata(ChannelDescriptor channel, long recordCount, StreamHandle records, String recordCodec) {
    public ChannelStateMetadata(ChannelDescriptor channel, long recordCount, StreamHandle records) {
        this(channel, recordCount, records, null);
    }
}
