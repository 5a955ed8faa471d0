/**
 * Built-in sources and sinks: a deterministic {@link io.ringflow.connector.GeneratorSource},
 * collection sources and sinks for tests, and the Chronicle log connectors.
 *
 * <h2>Chronicle logs</h2>
 * A log is a directory with one Chronicle queue per writing subtask:
 * <pre>
 *  &lt;log-dir&gt;/subtask-0/  &lt;log-dir&gt;/subtask-1/  ...
 *
 *  job ──&gt; ChronicleLogSink.exactlyOnce ──&gt; RECORD(txn, bytes)... COMMIT(txn)
 *                                              └──&gt; ChronicleLogReader.readCommitted
 *  job ──&gt; ChronicleLogSink.atLeastOnce  ──&gt; RECORD(auto-commit, bytes)...
 *  ChronicleLogSource.writer(dir, codec) ──┘     ├──&gt; ChronicleLogReader.readAll
 *                                              └──&gt; ChronicleLogSource (replay, checkpointed)
 * </pre>
 * <ul>
 *   <li>{@link io.ringflow.connector.ChronicleLogSink#exactlyOnce} builds on
 *   {@link io.ringflow.api.connector.TwoPhaseCommitSink}: each subtask appends its records under a
 *   random 64-bit transaction id, syncs them at a checkpoint's barrier and appends a COMMIT
 *   document when the checkpoint completes (without checkpointing: when its input ends). After
 *   a failure the restored checkpoint's transactions are committed again (readers ignore a
 *   repeated commit) and the records written since are never committed.</li>
 *   <li>{@link io.ringflow.connector.ChronicleLogSink#atLeastOnce} appends auto-committed records,
 *   visible at once; records after the last completed checkpoint are written again after a
 *   recovery.</li>
 *   <li>{@link io.ringflow.connector.ChronicleLogReader#readCommitted} delivers the records of
 *   committed transactions (and auto-committed ones) of every queue;
 *   {@link io.ringflow.connector.ChronicleLogReader#readAll} every record.</li>
 *   <li>{@link io.ringflow.connector.ChronicleLogSource} replays a log read-committed (a
 *   transaction's records when its COMMIT is read, each once) from the start, an index or a
 *   time, bounded or tailing; subtask {@code i} of {@code p} reads the queues
 *   {@code q % p == i} and checkpoints each queue's position with its open transactions, so a
 *   restore continues exactly after the last record emitted before the checkpoint.</li>
 * </ul>
 *
 * <pre>{@code
 * env.enableCheckpointing(100);
 * env.fromSource(ChronicleLogSource.bounded(inputLog, Codecs.forClass(Trade.class)), WatermarkStrategy.noWatermarks(), "trades")
 *    .uid("trades")
 *    .keyBy(Trade::symbol)
 *    .map(new Enrich()).uid("enrich")
 *    .sinkTo(ChronicleLogSink.exactlyOnce(outputLog, Codecs.forClass(Enriched.class))).uid("out");
 * List<Enriched> visible = ChronicleLogReader.readCommitted(outputLog, Codecs.forClass(Enriched.class));
 * }</pre>
 */
package io.ringflow.connector;
