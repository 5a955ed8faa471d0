package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.codec.NoCodecException;
import io.ringflow.graph.Operators;
import io.ringflow.graph.Partitioning;
import io.ringflow.graph.StreamEdge;
import io.ringflow.graph.StreamNode;

/**
 * The stream of one operator, as Flink's: besides what a {@link DataStream} offers, the side
 * outputs its process function emits to with {@code ctx.output(tag, value)}.
 */
public class SingleOutputStreamOperator<T> extends DataStream<T> {
    SingleOutputStreamOperator(StreamEnvironment env, StreamNode node) {
        super(env, node);
    }

    /**
     * The values this operator emitted to {@code tag}, a stream like any other. It runs chained
     * to this operator (same parallelism unless set) and receives its watermarks.
     */
    @SuppressWarnings("unchecked")
    public <X> DataStream<X> getSideOutput(OutputTag<X> tag) {
        if (tag == null || tag.type() == null) {
            throw new InvalidJobException("getSideOutput on " + node.describe() + " needs an OutputTag made in this "
                + "program, got " + tag);
        }
        for (StreamEdge edge : node.outputs()) {
            StreamNode other = edge.target();
            if (tag.getId().equals(other.sideOutputTag()) && other.outputType() != tag.type()) {
                throw new InvalidJobException("side output '" + tag.getId() + "' of " + node.describe() + " is read as "
                    + other.outputType().getName() + " and as " + tag.type().getName() + "; give each type its own tag id");
            }
        }
        Codec<X> codec = tag.codec();
        if (codec == null) {
            try {
                codec = (Codec<X>) Codecs.forClass(tag.type());
            } catch (NoCodecException e) {
                throw new InvalidJobException("side output '" + tag.getId() + "' of " + node.describe() + " has no codec. "
                    + e.problem() + "; pass one: new OutputTag<>(\"" + tag.getId() + "\", codec)", e);
            }
        }
        StreamNode side = env.graph().addNode(StreamNode.Kind.OPERATOR, "Side Output " + tag.getId(), Operators.forward());
        side.sideOutputTag(tag.getId());
        side.outputCodec(codec);
        side.outputType(codec.type());
        env.graph().connect(node, side, Partitioning.FORWARD, null);
        return new DataStream<>(env, side);
    }

    @Override
    public SingleOutputStreamOperator<T> uid(String uid) {
        super.uid(uid);
        return this;
    }

    @Override
    public SingleOutputStreamOperator<T> name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public SingleOutputStreamOperator<T> setParallelism(int parallelism) {
        super.setParallelism(parallelism);
        return this;
    }

    @Override
    public SingleOutputStreamOperator<T> setMaxParallelism(int maxParallelism) {
        super.setMaxParallelism(maxParallelism);
        return this;
    }

    @Override
    public SingleOutputStreamOperator<T> startNewChain() {
        super.startNewChain();
        return this;
    }

    @Override
    public SingleOutputStreamOperator<T> returns(Codec<T> codec) {
        super.returns(codec);
        return this;
    }

    @Override
    public SingleOutputStreamOperator<T> returns(Class<T> type) {
        super.returns(type);
        return this;
    }
}
