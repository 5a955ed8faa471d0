/**
 * The {@code ringflow} command line: {@link io.ringflow.cli.Main} dispatches to one class per
 * command (the demo, checkpoint inspection, {@code log} in {@link io.ringflow.cli.log}, and {@code run}
 * and {@code savepoint} in {@link io.ringflow.cli.run}).
 */
package io.ringflow.cli;
