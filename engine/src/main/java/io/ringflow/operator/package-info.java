/**
 * The operators of a chain (map, filter, process, keyed process, reduce, windows, source, sink)
 * and the outputs that link them: a method call inside a chain, a ring between chains.
 */
package io.ringflow.operator;
