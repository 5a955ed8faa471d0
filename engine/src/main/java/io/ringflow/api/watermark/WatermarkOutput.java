package io.ringflow.api.watermark;

/** Where a {@link WatermarkGenerator} sends watermarks and idleness. */
public interface WatermarkOutput {
    void emitWatermark(long watermark);

    /** Downstream stops waiting for this source's watermark until it emits again. */
    void markIdle();
}
