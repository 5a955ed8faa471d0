package io.ringflow.api.window;

import io.ringflow.api.codec.Codec;

import java.util.Collection;
import java.util.List;

/**
 * One window per key that never ends; it fires only by a trigger set on the windowed stream
 * ({@code countWindow} uses a {@link CountTrigger}).
 */
public final class GlobalWindows implements WindowAssigner<GlobalWindow> {
    private static final long serialVersionUID = 1L;

    private GlobalWindows() {
    }

    public static GlobalWindows create() {
        return new GlobalWindows();
    }

    @Override
    public Collection<GlobalWindow> assignWindows(long timestamp, long currentProcessingTimeMs) {
        return List.of(GlobalWindow.get());
    }

    @Override
    public Trigger<Object, GlobalWindow> getDefaultTrigger() {
        return new NeverTrigger();
    }

    @Override
    public Codec<GlobalWindow> getWindowCodec() {
        return new GlobalWindow.GlobalWindowCodec();
    }

    @Override
    public boolean isEventTime() {
        return false;
    }

    /** The default trigger of global windows: never fires. */
    public static final class NeverTrigger extends RecordTrigger<Object, GlobalWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public TriggerResult onElement(Object element, long timestamp, GlobalWindow window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public boolean canMerge() {
            return true;
        }

        @Override
        public void onMerge(GlobalWindow window, OnMergeContext ctx) {
        }

        @Override
        public void clear(GlobalWindow window, TriggerContext ctx) {
        }
    }
}
