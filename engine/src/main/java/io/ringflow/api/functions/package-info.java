/** The user functions: map, filter, flatMap, key selectors, process functions, aggregates, windows. */
package io.ringflow.api.functions;
