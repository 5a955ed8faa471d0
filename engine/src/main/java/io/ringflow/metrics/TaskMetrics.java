package io.ringflow.metrics;

import io.ringflow.channel.Channel;
import io.ringflow.task.Task;

/**
 * A task's figures from its rings' sequences. The sampler thread calls {@link #sample} 20 times
 * a second and publishes the per-second figures in volatile fields; JMX reads any time.
 */
final class TaskMetrics implements TaskMXBean {
    static final int SAMPLES_PER_SECOND = 20;
    private final Task task;
    private final Channel[] inputs;
    private final Channel[] outputs;
    // sampler thread only
    private int samples;
    private int backPressuredSamples;
    private long lastIn;
    private long lastOut;
    private long lastNanos = System.nanoTime();
    // written by the sampler, read by JMX
    private volatile double inPerSecond;
    private volatile double outPerSecond;
    private volatile long backPressuredMsPerSecond;

    TaskMetrics(Task task, Channel[] inputs, Channel[] outputs) {
        this.task = task;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    void sample() {
        if (getOutputRingFill() >= 7.0 / 8) {
            backPressuredSamples++;
        }
        if (++samples < SAMPLES_PER_SECOND) {
            return;
        }
        long now = System.nanoTime();
        long in = getRecordsIn();
        long out = getRecordsOut();
        double seconds = Math.max(1, now - lastNanos) / 1e9;
        inPerSecond = (in - lastIn) / seconds;
        outPerSecond = (out - lastOut) / seconds;
        backPressuredMsPerSecond = Math.round(backPressuredSamples * 1000.0 / samples);
        lastIn = in;
        lastOut = out;
        lastNanos = now;
        samples = 0;
        backPressuredSamples = 0;
    }

    String name() {
        return task.name();
    }

    @Override
    public String getLifecycle() {
        return task.lifecycle().name();
    }

    @Override
    public long getRecordsIn() {
        long sum = 0;
        for (Channel channel : inputs) {
            sum += channel.consumedSequence() + 1;
        }
        return sum;
    }

    @Override
    public long getRecordsOut() {
        long sum = 0;
        for (Channel channel : outputs) {
            sum += channel.publishedSequence() + 1;
        }
        return sum;
    }

    @Override
    public double getRecordsInPerSecond() {
        return inPerSecond;
    }

    @Override
    public double getRecordsOutPerSecond() {
        return outPerSecond;
    }

    @Override
    public long getBackPressuredTimeMsPerSecond() {
        return backPressuredMsPerSecond;
    }

    @Override
    public long getNumLateRecordsDropped() {
        return task.numLateRecordsDropped();
    }

    @Override
    public double getOutputRingFill() {
        double fullest = 0;
        for (Channel channel : outputs) {
            fullest = Math.max(fullest, (double) ChannelMetrics.fill(channel) / channel.ringSize());
        }
        return fullest;
    }
}
