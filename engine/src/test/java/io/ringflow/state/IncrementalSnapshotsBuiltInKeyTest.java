package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;

/** {@link IncrementalSnapshotsTest} with the built-in key codec, whose framing the primitive maps write themselves. */
class IncrementalSnapshotsBuiltInKeyTest extends IncrementalSnapshotsTest {
    @Override
    Codec<Long> keyCodec() {
        return Codecs.LONG;
    }
}
