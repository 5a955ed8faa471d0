package io.ringflow.examples.enrichment;

import io.ringflow.api.AsyncDataStream;
import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.functions.OpenContext;
import io.ringflow.api.functions.ResultFuture;
import io.ringflow.api.functions.RichAsyncFunction;
import io.ringflow.api.metrics.Counter;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.api.watermark.WatermarkStrategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Enrichment with async requests: each click is completed with its user's country by a request to
 * a (simulated) user service that answers on its own threads after 0–2 ms. Up to 100 requests are
 * in flight per subtask; results go on in the clicks' order; a request that fails or takes over a
 * second fails the job. Checkpoints keep the clicks whose answers were not emitted yet, so a
 * restore asks again for those. The function counts its requests as a metric
 * ({@code io.ringflow:type=Operator,job=enrichment,operator=user-lookup[i]}, attribute {@code requests}).
 * <pre>
 *   clicks ─► orderedWait(UserLookup: async request, 100 in flight) ─► enriched clicks
 * </pre>
 * Usage: {@code EnrichmentExample [clicks]} (default 100000).
 */
public final class EnrichmentExample {
    public record Click(long id, long userId) {
        static Click generate(long id) {
            return new Click(id, id % 1_000);
        }
    }

    public record EnrichedClick(long id, long userId, String country) {
    }

    /** The user service: country by user id, answered later on the service's threads. */
    static final class UserService {
        private static final String[] COUNTRIES = {"DE", "FR", "JP", "US", "BR"};
        private static final ScheduledExecutorService THREADS = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "user-service");
            thread.setDaemon(true);
            return thread;
        });

        static String countryOf(long userId) {
            return COUNTRIES[(int) (userId % COUNTRIES.length)];
        }

        static CompletableFuture<String> lookUp(long userId) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            THREADS.schedule(() -> answer.complete(countryOf(userId)), userId % 3, TimeUnit.MILLISECONDS);
            return answer;
        }
    }

    /** Asks the user service for each click's country and completes the click with it. */
    static final class UserLookup extends RichAsyncFunction<Click, EnrichedClick> {
        private static final long serialVersionUID = 1L;
        private transient Counter requests;

        @Override
        public void open(OpenContext context) {
            requests = getRuntimeContext().getMetricGroup().counter("requests");
        }

        @Override
        public void asyncInvoke(Click click, ResultFuture<EnrichedClick> result) {
            requests.inc();
            UserService.lookUp(click.userId()).whenComplete((country, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(List.of(new EnrichedClick(click.id(), click.userId(), country)));
                }
            });
        }
    }

    /** Runs the job over {@code clicks} clicks, checkpointing into {@code checkpoints}, and returns what it emitted. */
    static List<EnrichedClick> run(long clicks, Path checkpoints) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.enableCheckpointing(100, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().storage().checkpointsDir(checkpoints);
        CollectSink<EnrichedClick> sink = new CollectSink<>();
        AsyncDataStream.orderedWait(
                env.fromSource(GeneratorSource.bounded(clicks, Click::generate), WatermarkStrategy.noWatermarks(), "clicks")
                    .uid("clicks").rebalance(),
                new UserLookup(), 1, TimeUnit.SECONDS, 100)
            .uid("user-lookup").name("user lookup")
            .sinkTo(sink).uid("enriched");
        env.execute("enrichment");
        return sink.getResults();
    }

    public static void main(String[] args) throws Exception {
        long clicks = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        Path checkpoints = Files.createTempDirectory("ringflow-enrichment");
        List<EnrichedClick> enriched = run(clicks, checkpoints);
        long countries = enriched.stream().map(EnrichedClick::country).distinct().count();
        System.out.println("clicks: " + clicks + ", enriched: " + enriched.size() + ", countries: " + countries);
    }

    private EnrichmentExample() {
    }
}
