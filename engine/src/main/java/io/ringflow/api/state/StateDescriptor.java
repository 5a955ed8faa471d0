package io.ringflow.api.state;

import io.ringflow.api.codec.Codec;

import java.util.Objects;

/**
 * Names a state and says how its values are encoded. The name identifies the state in a
 * checkpoint, so keep it stable across versions of a job.
 *
 * @param <T> the type of the values (for lists and reductions, of the elements)
 */
public abstract class StateDescriptor<T> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The kinds of state, stored in snapshots so a name cannot be restored as another kind. */
    public enum Kind { VALUE, LIST, MAP, REDUCING, AGGREGATING }

    private final String name;
    private transient Codec<T> codec; // serialized as its recipe: see CodecRecipe
    private StateTtlConfig ttlConfig = StateTtlConfig.DISABLED;

    /** For subclasses: {@code name} must be non-empty and {@code codec} non-null. */
    protected StateDescriptor(String name, Codec<T> codec) {
        Objects.requireNonNull(name, "state name must not be null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("state name must not be empty");
        }
        this.name = name;
        this.codec = Objects.requireNonNull(codec, () -> "codec of state '" + name + "' must not be null");
    }

    /** The state's name, unique per operator. */
    public String getName() {
        return name;
    }

    /** The codec of the values (for map state, of the map values). */
    public Codec<T> getCodec() {
        return codec;
    }

    /**
     * Gives the state a time-to-live (see {@link StateTtlConfig}); keyed state only. Set it before
     * the state is first requested; a state keeps its TTL setting across checkpoints.
     */
    public void enableTimeToLive(StateTtlConfig ttlConfig) {
        this.ttlConfig = Objects.requireNonNull(ttlConfig, "ttlConfig");
    }

    /** The state's time-to-live, {@link StateTtlConfig#DISABLED} unless enabled. */
    public StateTtlConfig getTtlConfig() {
        return ttlConfig;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        out.defaultWriteObject();
        out.writeObject(CodecRecipe.of(codec, name));
    }

    @SuppressWarnings("unchecked")
    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        codec = (Codec<T>) ((CodecRecipe) in.readObject()).codec();
    }

    /** Which kind of state this describes. */
    public abstract Kind getKind();

    @Override
    public String toString() {
        return getKind() + " state '" + name + "' (" + codec.type().getSimpleName()
            + (ttlConfig.isEnabled() ? ", with a time-to-live of " + ttlConfig.getTtl() : "") + ")";
    }
}
