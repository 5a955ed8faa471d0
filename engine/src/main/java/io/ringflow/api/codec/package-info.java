/**
 * Codecs: how a value becomes the bytes of a ring slot or a state snapshot, and back.
 *
 * <pre>
 *   record Trade(long id, String symbol, double px)
 *        |  Codecs.forClass(Trade.class)      reflection once, then ready-typed handles
 *        v
 *   slot: | id: 8 | symbol length: 4 | UTF-8 bytes ... | px: 8 |
 * </pre>
 *
 * <p>{@link io.ringflow.api.codec.Codec} is the contract; {@link io.ringflow.api.codec.Codecs}
 * hands out the built-in codecs and derives codecs of enums, records and POJOs, with the element
 * types of their collections read from the fields' generic types; {@link io.ringflow.api.codec.CodecDescriptor}
 * documents every layout. A type without a codec fails early with
 * {@link io.ringflow.api.codec.NoCodecException}, which names the fix.
 */
package io.ringflow.api.codec;
