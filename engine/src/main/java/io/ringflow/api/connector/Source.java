package io.ringflow.api.connector;

import io.ringflow.api.codec.Codec;

import java.io.Serializable;

/** A description of input, turned into one reader per parallel source subtask. */
public interface Source<T> extends Serializable {
    Boundedness boundedness();

    SourceReader<T> createReader(SourceReaderContext context) throws Exception;

    /** The codec of the records, or null to infer it from their type. */
    default Codec<T> codec() {
        return null;
    }

    /** The type of the records, or null when unknown (then give a codec on the stream). */
    default Class<?> producedType() {
        return null;
    }
}
