/** The content of {@code _metadata} and its Chronicle Wire YAML form, bracketed and checksummed. */
package io.ringflow.storage.metadata;
