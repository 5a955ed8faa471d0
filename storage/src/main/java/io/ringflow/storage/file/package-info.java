/**
 * Byte layouts of state and in-flight streams ({@code *Descriptor}), writing them through
 * Chronicle memory-mapped files with a CRC32C, and reading them back with every bracket checked.
 */
package io.ringflow.storage.file;
