package dev.minewatch;

import java.util.concurrent.ExecutionException;

/** What a task run on another thread threw, thrown again on the thread that waited for it, as it was. */
public final class TaskFailure {

    private TaskFailure() {}

    /**
     * Throws the task's {@link Error} as it is, or returns its {@link RuntimeException} for the caller to throw; a
     * checked exception (no task of minewatch throws one) comes back wrapped.
     */
    public static RuntimeException rethrown(ExecutionException e) {
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
}
