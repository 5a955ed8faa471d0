package io.ringflow.bench.jmh;

import com.lmax.disruptor.EventPoller;
import io.ringflow.api.IdleStrategies;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.channel.Channel;
import io.ringflow.channel.Slot;
import io.ringflow.channel.SlotDescriptor;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * One-hop latency as a ping-pong over two channels: the benchmark thread writes a {@code long}
 * into {@code ping}, an echo thread polls it and writes it back into {@code pong}, and the
 * benchmark thread polls {@code pong} until the reply arrives. Each sample is one full
 * round trip (RTT = two hops); halve it for one hop. Both sides wait with the chosen idle strategy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PingPongLatencyBenchmark {
    private static final Codec<Long> CODEC = Codecs.LONG;

    @Param({"busy-spin", "backoff"})
    public String idle;

    private Channel ping;
    private Channel pong;
    private PollingThread echo;
    private IdleStrategy callerIdle;
    private long nextValue;
    private long lastReply;
    private EventPoller.Handler<Slot> replyHandler;

    @Setup
    public void setUp() {
        ping = new Channel("ping", 1024, 32);
        pong = new Channel("pong", 1024, 32);
        callerIdle = IdleStrategies.byName(idle).get();
        IdleStrategy echoIdle = IdleStrategies.byName(idle).get();
        UnsafeBuffer pingBuffer = ping.buffer();
        echo = new PollingThread("pong-echo", ping, (slot, sequence, endOfBatch) -> {
            Long value = CODEC.decode(pingBuffer, SlotDescriptor.payloadOffset(slot.offset()), Long.BYTES);
            while (!pong.tryWriteRecord(value, SlotDescriptor.NO_TIMESTAMP, CODEC, "echo")) {
                echoIdle.idle();
            }
            return true;
        }, echoIdle).start();
        UnsafeBuffer pongBuffer = pong.buffer();
        // Built once: a capturing lambda per call would allocate inside the measured round trip.
        replyHandler = (slot, sequence, endOfBatch) -> {
            lastReply = pongBuffer.getLong(SlotDescriptor.payloadOffset(slot.offset()));
            return true;
        };
    }

    @Benchmark
    public long roundTrip() throws Exception {
        Long value = ++nextValue;
        while (!ping.tryWriteRecord(value, SlotDescriptor.NO_TIMESTAMP, CODEC, "ping")) {
            callerIdle.idle();
        }
        long expected = nextValue;
        lastReply = Long.MIN_VALUE;
        while (lastReply != expected) {
            pong.poll(replyHandler);
            if (lastReply != expected) {
                callerIdle.idle(0);
            }
        }
        callerIdle.reset();
        return lastReply;
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        try {
            echo.stop();
        } finally {
            ping.close();
            pong.close();
        }
    }
}
