package io.ringflow.operator;

import io.ringflow.api.functions.AllWindowFunction;
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
    void process(K key, W window, R result, WindowContext<W> context, Collector<OUT> out)
        throws Exception;

    /** The user function to open and close with the operator, or null. */
    Object userFunction();

    /** The window is cleaned up: a process window function clears its per-window state (Flink's {@code clear}). */
    default void clear(WindowContext<W> context) throws Exception {
    }

    /** Whether the user's function overrides {@code clear}: then the operator keeps which windows it is due for. */
    default boolean hasClear() {
        return false;
    }

    /** Whether {@code function}'s class overrides {@code clear(contextType)} declared by {@code base}. */
    static boolean overridesClear(Object function, Class<?> base, Class<?> contextType) {
        try {
            return function.getClass().getMethod("clear", contextType).getDeclaringClass() != base;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Emits the aggregate's result as it is. */
    static <R, K, W extends Window> InternalWindowFunction<R, R, K, W> passThrough() {
        return new PassThrough<>();
    }

    /** A {@link WindowFunction} (time windows only); {@code resultIsElements} when the result is the list of all records. */
    @SuppressWarnings("unchecked")
    static <R, OUT, K, W extends Window> InternalWindowFunction<R, OUT, K, W> of(WindowFunction<?, OUT, K> function,
                                                                             boolean resultIsElements) {
        return new OfWindowFunction<>((WindowFunction<Object, OUT, K>) function, resultIsElements);
    }

    /** An {@link AllWindowFunction} of {@code windowAll(...).apply}, ignoring the constant key. */
    @SuppressWarnings("unchecked")
    static <R, OUT, K, W extends Window> InternalWindowFunction<R, OUT, K, W> ofAll(AllWindowFunction<?, OUT, W> function,
                                                                                boolean resultIsElements) {
        return new OfAllWindowFunction<>((AllWindowFunction<Object, OUT, W>) function, resultIsElements);
    }

    /** A {@link ProcessWindowFunction}; {@code resultIsElements} when the result is the list of all records. */
    @SuppressWarnings("unchecked")
    static <R, OUT, K, W extends Window> InternalWindowFunction<R, OUT, K, W> of(
        ProcessWindowFunction<?, OUT, K, W> function, boolean resultIsElements) {
        return new OfProcessWindowFunction<>((ProcessWindowFunction<Object, OUT, K, W>) function, resultIsElements);
    }

    /** A {@link ProcessAllWindowFunction} of {@code windowAll}, ignoring the constant key. */
    @SuppressWarnings("unchecked")
    static <R, OUT, K, W extends Window> InternalWindowFunction<R, OUT, K, W> ofAll(
        ProcessAllWindowFunction<?, OUT, W> function, boolean resultIsElements) {
        return new OfProcessAllWindowFunction<>((ProcessAllWindowFunction<Object, OUT, W>) function, resultIsElements);
    }

    final class PassThrough<R, K, W extends Window> implements InternalWindowFunction<R, R, K, W> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(K key, W window, R result, WindowContext<W> context, Collector<R> out) {
            out.collect(result);
        }

        @Override
        public Object userFunction() {
            return null;
        }
    }

    /** A user function given the window's records: all of them, or the aggregate's single result. */
    abstract class OfUserFunction<F, R, OUT, K, W extends Window> implements InternalWindowFunction<R, OUT, K, W> {
        private static final long serialVersionUID = 1L;
        final F function;
        private final boolean resultIsElements;

        OfUserFunction(F function, boolean resultIsElements) {
            this.function = function;
            this.resultIsElements = resultIsElements;
        }

        @SuppressWarnings("unchecked")
        Iterable<Object> elements(R result) {
            return resultIsElements ? (Iterable<Object>) result : Collections.singletonList(result);
        }

        @Override
        public Object userFunction() {
            return function;
        }
    }

    final class OfWindowFunction<R, OUT, K, W extends Window>
        extends OfUserFunction<WindowFunction<Object, OUT, K>, R, OUT, K, W> {
        private static final long serialVersionUID = 1L;

        OfWindowFunction(WindowFunction<Object, OUT, K> function, boolean resultIsElements) {
            super(function, resultIsElements);
        }

        @Override
        public void process(K key, W window, R result, WindowContext<W> context, Collector<OUT> out)
            throws Exception {
            function.apply(key, (TimeWindow) window, elements(result), out);
        }
    }

    final class OfAllWindowFunction<R, OUT, K, W extends Window>
        extends OfUserFunction<AllWindowFunction<Object, OUT, W>, R, OUT, K, W> {
        private static final long serialVersionUID = 1L;

        OfAllWindowFunction(AllWindowFunction<Object, OUT, W> function, boolean resultIsElements) {
            super(function, resultIsElements);
        }

        @Override
        public void process(K key, W window, R result, WindowContext<W> context, Collector<OUT> out)
            throws Exception {
            function.apply(window, elements(result), out);
        }
    }

    final class OfProcessWindowFunction<R, OUT, K, W extends Window>
        extends OfUserFunction<ProcessWindowFunction<Object, OUT, K, W>, R, OUT, K, W> {
        private static final long serialVersionUID = 1L;

        OfProcessWindowFunction(ProcessWindowFunction<Object, OUT, K, W> function, boolean resultIsElements) {
            super(function, resultIsElements);
        }

        private transient ProcessWindowFunction<Object, OUT, K, W>.Context view;
        private transient WindowContext<W> scope;

        @Override
        public void process(K key, W window, R result, WindowContext<W> context, Collector<OUT> out)
            throws Exception {
            function.process(key, view(context), elements(result), out);
        }

        @Override
        public void clear(WindowContext<W> context) throws Exception {
            function.clear(view(context));
        }

        @Override
        public boolean hasClear() {
            return InternalWindowFunction.overridesClear(function, ProcessWindowFunction.class, ProcessWindowFunction.Context.class);
        }

        /** Flink's inner context class of the function, made once, over the operator's scope. */
        private ProcessWindowFunction<Object, OUT, K, W>.Context view(WindowContext<W> context) {
            if (view == null || scope != context) {
                scope = context;
                view = function.new Context() {
                    @Override
                    public W window() {
                        return context.window();
                    }

                    @Override
                    public long currentProcessingTime() {
                        return context.currentProcessingTime();
                    }

                    @Override
                    public long currentWatermark() {
                        return context.currentWatermark();
                    }

                    @Override
                    public <X> void output(io.ringflow.api.OutputTag<X> outputTag, X value) {
                        context.output(outputTag, value);
                    }

                    @Override
                    public io.ringflow.api.state.KeyedStateStore windowState() {
                        return context.windowState();
                    }

                    @Override
                    public io.ringflow.api.state.KeyedStateStore globalState() {
                        return context.globalState();
                    }
                };
            }
            return view;
        }
    }

    final class OfProcessAllWindowFunction<R, OUT, K, W extends Window>
        extends OfUserFunction<ProcessAllWindowFunction<Object, OUT, W>, R, OUT, K, W> {
        private static final long serialVersionUID = 1L;

        OfProcessAllWindowFunction(ProcessAllWindowFunction<Object, OUT, W> function, boolean resultIsElements) {
            super(function, resultIsElements);
        }

        private transient ProcessAllWindowFunction<Object, OUT, W>.Context view;
        private transient WindowContext<W> scope;

        @Override
        public void process(K key, W window, R result, WindowContext<W> context, Collector<OUT> out)
            throws Exception {
            function.process(view(context), elements(result), out);
        }

        @Override
        public void clear(WindowContext<W> context) throws Exception {
            function.clear(view(context));
        }

        @Override
        public boolean hasClear() {
            return InternalWindowFunction.overridesClear(function, ProcessAllWindowFunction.class,
                ProcessAllWindowFunction.Context.class);
        }

        /** Flink's inner context class of the function, made once, over the operator's scope. */
        private ProcessAllWindowFunction<Object, OUT, W>.Context view(WindowContext<W> context) {
            if (view == null || scope != context) {
                scope = context;
                view = function.new Context() {
                    @Override
                    public W window() {
                        return context.window();
                    }

                    @Override
                    public long currentProcessingTime() {
                        return context.currentProcessingTime();
                    }

                    @Override
                    public long currentWatermark() {
                        return context.currentWatermark();
                    }

                    @Override
                    public <X> void output(io.ringflow.api.OutputTag<X> outputTag, X value) {
                        context.output(outputTag, value);
                    }

                    @Override
                    public io.ringflow.api.state.KeyedStateStore windowState() {
                        return context.windowState();
                    }

                    @Override
                    public io.ringflow.api.state.KeyedStateStore globalState() {
                        return context.globalState();
                    }
                };
            }
            return view;
        }
    }
}
