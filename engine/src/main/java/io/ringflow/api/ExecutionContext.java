package io.ringflow.api;

/**
 * What a launcher of user programs ({@code ringflow run}) sets for every environment of this
 * process, as Flink's {@code flink run} sets a context environment: the program builds and
 * executes its job unaware of it. Installed with {@link StreamEnvironment#setExecutionContext}.
 */
public interface ExecutionContext {
    /** At {@link StreamEnvironment#create()}: defaults (a configuration file) the program's own settings override. */
    default void configure(StreamEnvironment env) {
    }

    /** In {@code executeAsync}, before the job starts: settings that override the program's (a restore); may refuse. */
    default void launching(StreamEnvironment env, String jobName) {
    }

    /** Right after the job started. */
    default void started(JobClient job) {
    }

    /** The launch announced by {@link #launching} failed: no job of that name started. */
    default void launchFailed(String jobName) {
    }
}
