package io.ringflow.api;

import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Runs a job the API built. The API's one door to the engine: the runtime provides the
 * implementation, found with {@link ServiceLoader}, so nothing in the API depends on it.
 */
public interface JobLauncher {
    /** Builds the plan, opens the checkpoint to restore if any, starts the job and returns at once. */
    JobClient launch(JobSubmission job);

    /** The engine's launcher. */
    static JobLauncher load() {
        Iterator<JobLauncher> found = ServiceLoader.load(JobLauncher.class, JobLauncher.class.getClassLoader()).iterator();
        if (!found.hasNext()) {
            throw new IllegalStateException("no " + JobLauncher.class.getName() + " on the class path: the "
                + "ringflow-engine jar's META-INF/services entry is missing (a shaded jar needs the ServicesResourceTransformer)");
        }
        return found.next();
    }
}
