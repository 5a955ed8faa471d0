package io.ringflow.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a job does when a task fails, as Flink's restart strategies: give up, restart a fixed
 * number of times with a fixed delay, or restart with a delay that grows exponentially. Each
 * restart restores the latest completed checkpoint.
 */
public final class RestartStrategy {
    public static final String TYPE = "restart-strategy.type";
    public static final String FIXED_ATTEMPTS = "restart-strategy.fixed-delay.attempts";
    public static final String FIXED_DELAY = "restart-strategy.fixed-delay.delay";
    public static final String EXP_INITIAL = "restart-strategy.exponential-delay.initial-backoff";
    public static final String EXP_MAX = "restart-strategy.exponential-delay.max-backoff";
    public static final String EXP_MULTIPLIER = "restart-strategy.exponential-delay.backoff-multiplier";
    public static final String EXP_ATTEMPTS = "restart-strategy.exponential-delay.attempts-before-reset-backoff";

    private enum Kind { NONE, FIXED_DELAY, EXPONENTIAL_DELAY }

    private final Kind kind;
    private final int maxRestarts;
    private final long delayMs;
    private final long maxDelayMs;
    private final double multiplier;

    private RestartStrategy(Kind kind, int maxRestarts, long delayMs, long maxDelayMs, double multiplier) {
        this.kind = kind;
        this.maxRestarts = maxRestarts;
        this.delayMs = delayMs;
        this.maxDelayMs = maxDelayMs;
        this.multiplier = multiplier;
    }

    /** The default: a failure fails the job. */
    public static RestartStrategy noRestart() {
        return new RestartStrategy(Kind.NONE, 0, 0, 0, 1);
    }

    public static RestartStrategy fixedDelay(int attempts, Duration delay) {
        check(attempts >= 0, FIXED_ATTEMPTS + " must be >= 0, got " + attempts);
        check(!delay.isNegative(), FIXED_DELAY + " must be >= 0, got " + delay);
        return new RestartStrategy(Kind.FIXED_DELAY, attempts, delay.toMillis(), delay.toMillis(), 1);
    }

    /** Delays initial, initial*multiplier, ... up to max; at most {@code attempts} restarts. */
    public static RestartStrategy exponentialDelay(Duration initial, Duration max, double multiplier, int attempts) {
        check(!initial.isNegative() && max.compareTo(initial) >= 0, EXP_MAX + " must be >= " + EXP_INITIAL + " >= 0");
        check(multiplier >= 1, EXP_MULTIPLIER + " must be >= 1, got " + multiplier);
        check(attempts >= 0, EXP_ATTEMPTS + " must be >= 0, got " + attempts);
        return new RestartStrategy(Kind.EXPONENTIAL_DELAY, attempts, initial.toMillis(), max.toMillis(), multiplier);
    }

    /** The delay before restart number {@code restart} (1 for the first), or empty when restarts are exhausted. */
    public OptionalLong delayBeforeRestartMs(int restart) {
        if (kind == Kind.NONE || restart > maxRestarts) {
            return OptionalLong.empty();
        }
        if (kind == Kind.FIXED_DELAY) {
            return OptionalLong.of(delayMs);
        }
        double delay = delayMs * Math.pow(multiplier, restart - 1);
        return OptionalLong.of((long) Math.min(delay, maxDelayMs));
    }

    /**
     * From Flink's keys, as {@link ConfigKeys} resolved them; null when {@code restart-strategy.type}
     * is not set. The options of a strategy other than the chosen one fail: unlike Flink, a job
     * has no restarts unless a type is set, so they would be silently dropped.
     */
    static RestartStrategy fromConfig(Map<String, String> config) {
        String type = config.get(TYPE);
        Kind kind = type == null ? null : kind(type);
        for (String key : config.keySet()) {
            Kind owner = key.startsWith("restart-strategy.fixed-delay.") ? Kind.FIXED_DELAY
                : key.startsWith("restart-strategy.exponential-delay.") ? Kind.EXPONENTIAL_DELAY : null;
            if (owner != null && owner != kind) {
                throw new InvalidJobException(key + " is set, but " + TYPE + " is "
                    + (type == null ? "not set, so there are no restarts" : "'" + type + "'") + "; set " + TYPE + ": "
                    + typeName(owner) + " or remove the key");
            }
        }
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case NONE -> noRestart();
            case FIXED_DELAY -> fixedDelay(
                ConfigParsing.integer(FIXED_ATTEMPTS, config.getOrDefault(FIXED_ATTEMPTS, "1").trim()),
                Duration.ofMillis(ConfigParsing.durationMs(FIXED_DELAY, config.getOrDefault(FIXED_DELAY, "1 s"))));
            case EXPONENTIAL_DELAY -> exponentialDelay(
                Duration.ofMillis(ConfigParsing.durationMs(EXP_INITIAL, config.getOrDefault(EXP_INITIAL, "1 s"))),
                Duration.ofMillis(ConfigParsing.durationMs(EXP_MAX, config.getOrDefault(EXP_MAX, "1 min"))),
                ConfigParsing.decimal(EXP_MULTIPLIER, config.getOrDefault(EXP_MULTIPLIER, "2.0").trim()),
                ConfigParsing.integer(EXP_ATTEMPTS, config.getOrDefault(EXP_ATTEMPTS, String.valueOf(Integer.MAX_VALUE)).trim()));
        };
    }

    private static Kind kind(String type) {
        return switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "none", "off", "disable" -> Kind.NONE;
            case "fixed-delay", "fixeddelay" -> Kind.FIXED_DELAY;
            case "exponential-delay", "exponentialdelay" -> Kind.EXPONENTIAL_DELAY;
            default -> throw new InvalidJobException(TYPE + ": '" + type + "' is not one of none, fixed-delay, exponential-delay");
        };
    }

    private static String typeName(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidJobException(message);
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "no restart";
            case FIXED_DELAY -> "fixed delay: " + maxRestarts + " restarts, " + delayMs + " ms apart";
            case EXPONENTIAL_DELAY -> "exponential delay: up to " + maxRestarts + " restarts, " + delayMs + " ms x"
                + multiplier + " up to " + maxDelayMs + " ms";
        };
    }
}
