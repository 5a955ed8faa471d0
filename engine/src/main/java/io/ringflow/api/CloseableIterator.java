package io.ringflow.api;

import java.util.Iterator;

/**
 * An iterator that holds a resource until closed, as Flink's: the results of
 * {@link DataStream#executeAndCollect()}, whose job runs until the iterator is exhausted or closed.
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
}
