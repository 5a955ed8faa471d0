/** The {@code ringflow} command line: the demo and checkpoint inspection. */
package io.ringflow.cli;
