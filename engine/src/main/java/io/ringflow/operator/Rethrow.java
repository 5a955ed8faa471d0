package io.ringflow.operator;

/**
 * Lets a user function's checked exception travel through the chain unchanged, so the job
 * reports the user's own exception as its failure cause.
 */
public final class Rethrow {
    private Rethrow() {
    }

    public static RuntimeException unchecked(Throwable t) {
        throw Rethrow.<RuntimeException>sneaky(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
