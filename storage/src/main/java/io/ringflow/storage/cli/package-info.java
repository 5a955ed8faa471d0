/** The {@code ringflow checkpoints} command: {@code list}, {@code show} and {@code verify}. */
package io.ringflow.storage.cli;
