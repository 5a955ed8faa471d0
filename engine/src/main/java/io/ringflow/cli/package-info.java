/**
 * The {@code ringflow} command line: {@link io.ringflow.cli.Main} dispatches to one class per
 * command (the demo, checkpoint inspection, and {@code log} in {@link io.ringflow.cli.log}).
 */
package io.ringflow.cli;
