package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.graph.TypeExtraction;

import java.io.Serializable;
import java.util.Objects;

/**
 * Names a side output of a process function, as Flink's {@code OutputTag}: functions emit to it
 * with {@code ctx.output(tag, value)} and {@code SingleOutputStreamOperator.getSideOutput(tag)}
 * is the stream of those values. Create it as an anonymous subclass, whose type argument gives
 * the codec ({@code new OutputTag<Alert>("alerts") {}}), or with a codec or class. Tags are equal
 * when their ids are; functions capture them, so only the id survives their copies.
 */
public class OutputTag<T> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final transient Class<?> type;
    private final transient Codec<T> codec;

    /** For an anonymous subclass: {@code new OutputTag<Alert>("alerts") {}}. */
    public OutputTag(String id) {
        this.id = requireId(id);
        Class<?> found = TypeExtraction.typeArgument(this, OutputTag.class, 0);
        if (found == null) {
            throw new InvalidJobException("the type of OutputTag '" + id + "' cannot be read: create it as an anonymous "
                + "subclass, new OutputTag<Alert>(\"" + id + "\") {}, or pass its codec or class");
        }
        this.type = found;
        this.codec = null;
    }

    public OutputTag(String id, Codec<T> codec) {
        this.id = requireId(id);
        this.codec = Objects.requireNonNull(codec, "codec");
        this.type = codec.type();
    }

    public OutputTag(String id, Class<T> type) {
        this.id = requireId(id);
        this.type = Objects.requireNonNull(type, "type");
        this.codec = null;
    }

    public String getId() {
        return id;
    }

    /** The record type; null in a copy made for a subtask. */
    Class<?> type() {
        return type;
    }

    /** The codec given, or null when it is to be found by {@link #type()}. */
    Codec<T> codec() {
        return codec;
    }

    private static String requireId(String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidJobException("an OutputTag needs a non-empty id");
        }
        return id;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutputTag<?> tag && tag.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "OutputTag(" + id + (type == null ? "" : ", " + type.getSimpleName()) + ")";
    }
}
