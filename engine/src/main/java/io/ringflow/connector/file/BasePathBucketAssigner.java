package io.ringflow.connector.file;

/** Every record into the base path itself, as Flink's {@code BasePathBucketAssigner}. */
public final class BasePathBucketAssigner<IN> implements BucketAssigner<IN> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getBucketId(IN element, Context context) {
        return "";
    }
}
