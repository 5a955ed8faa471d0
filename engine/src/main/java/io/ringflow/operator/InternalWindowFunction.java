package io.ringflow.operator;

import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.ProcessAllWindowFunction;
import io.ringflow.api.functions.ProcessWindowFunction;
import io.ringflow.api.functions.WindowFunction;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.Window;

import java.io.Serializable;
import java.util.Collections;

/**
 * The user's window function behind one interface: it gets a fired window's result (an
 * aggregate's result, or all records for {@code process}). Copied per subtask with the function.
 */
public interface InternalWindowFunction<R, OUT, K, W extends Window> extends Serializable {
    void process(K key, W window, R result, ProcessAllWindowFunction.Context<W> context, Collector<OUT> out)
        throws Exception;

    /** The user function to open and close with the operator, or null. */
    Object userFunction();

    /** Emits the aggregate's result as it is. */
    static <R, K, W extends Window> InternalWindowFunction<R, R, K, W> passThrough() {
        return new PassThrough<>();
    }

    /** A {@link WindowFunction} (time windows only) given the single result. */
    static <R, OUT, K, W extends Window> InternalWindowFunction<R, OUT, K, W> of(WindowFunction<R, OUT, K> function) {
        return new OfWindowFunction<>(function);
    }

    /** A {@link ProcessWindowFunction}; {@code resultIsElements} when the result is the list of all records. */
    static <R, OUT, K, W extends Window> InternalWindowFunction<R, OUT, K, W> of(
        ProcessWindowFunction<?, OUT, K, W> function, boolean resultIsElements) {
        return new OfProcessWindowFunction<>(function, resultIsElements);
    }

    /** A {@link ProcessAllWindowFunction} of {@code windowAll}, ignoring the constant key. */
    static <R, OUT, K, W extends Window> InternalWindowFunction<R, OUT, K, W> ofAll(
        ProcessAllWindowFunction<?, OUT, W> function, boolean resultIsElements) {
        return new OfProcessAllWindowFunction<>(function, resultIsElements);
    }

    @SuppressWarnings("unchecked")
    private static <IN> Iterable<IN> elements(Object result, boolean resultIsElements) {
        return resultIsElements ? (Iterable<IN>) result : Collections.singletonList((IN) result);
    }

    final class PassThrough<R, K, W extends Window> implements InternalWindowFunction<R, R, K, W> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(K key, W window, R result, ProcessAllWindowFunction.Context<W> context, Collector<R> out) {
            out.collect(result);
        }

        @Override
        public Object userFunction() {
            return null;
        }
    }

    final class OfWindowFunction<R, OUT, K, W extends Window> implements InternalWindowFunction<R, OUT, K, W> {
        private static final long serialVersionUID = 1L;
        private final WindowFunction<R, OUT, K> function;

        OfWindowFunction(WindowFunction<R, OUT, K> function) {
            this.function = function;
        }

        @Override
        public void process(K key, W window, R result, ProcessAllWindowFunction.Context<W> context, Collector<OUT> out)
            throws Exception {
            function.apply(key, (TimeWindow) window, Collections.singletonList(result), out);
        }

        @Override
        public Object userFunction() {
            return function;
        }
    }

    final class OfProcessWindowFunction<R, OUT, K, W extends Window> implements InternalWindowFunction<R, OUT, K, W> {
        private static final long serialVersionUID = 1L;
        private final ProcessWindowFunction<Object, OUT, K, W> function;
        private final boolean resultIsElements;

        @SuppressWarnings("unchecked")
        OfProcessWindowFunction(ProcessWindowFunction<?, OUT, K, W> function, boolean resultIsElements) {
            this.function = (ProcessWindowFunction<Object, OUT, K, W>) function;
            this.resultIsElements = resultIsElements;
        }

        @Override
        public void process(K key, W window, R result, ProcessAllWindowFunction.Context<W> context, Collector<OUT> out)
            throws Exception {
            function.process(key, context, elements(result, resultIsElements), out);
        }

        @Override
        public Object userFunction() {
            return function;
        }
    }

    final class OfProcessAllWindowFunction<R, OUT, K, W extends Window> implements InternalWindowFunction<R, OUT, K, W> {
        private static final long serialVersionUID = 1L;
        private final ProcessAllWindowFunction<Object, OUT, W> function;
        private final boolean resultIsElements;

        @SuppressWarnings("unchecked")
        OfProcessAllWindowFunction(ProcessAllWindowFunction<?, OUT, W> function, boolean resultIsElements) {
            this.function = (ProcessAllWindowFunction<Object, OUT, W>) function;
            this.resultIsElements = resultIsElements;
        }

        @Override
        public void process(K key, W window, R result, ProcessAllWindowFunction.Context<W> context, Collector<OUT> out)
            throws Exception {
            function.process(context, elements(result, resultIsElements), out);
        }

        @Override
        public Object userFunction() {
            return function;
        }
    }
}
