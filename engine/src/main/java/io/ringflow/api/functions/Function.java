package io.ringflow.api.functions;

import java.io.Serializable;

/**
 * Base of every user function. Serializable so that the output type of a lambda can be read
 * from its {@link java.lang.invoke.SerializedLambda}, as Flink does.
 */
public interface Function extends Serializable {
}
