package dev.ferry.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The common pool's workers, asked for by a task's thread, are not that task's threads. */
class CommonPoolWorkersTest {
    private static final InheritableThreadLocal<String> TASK_VALUE = new InheritableThreadLocal<>();

    @Test
    void aWorkerAskedForOnATaskThread_isBuiltOutsideTheTaskGroup_withoutTheTaskThreadLocals() throws Exception {
        TaskThreadGroup group = new TaskThreadGroup(null, "ferry-task-test");
        CompletableFuture<ForkJoinWorkerThread> made = new CompletableFuture<>();
        Thread taskThread = new Thread(group, () -> {
            TASK_VALUE.set("the task's");
            made.complete(new CommonPoolWorkers().newThread(ForkJoinPool.commonPool()));
        }, "task");
        taskThread.start();
        ForkJoinWorkerThread worker = made.get(30, TimeUnit.SECONDS);

        assertNull(TaskThreadGroup.groupOf(worker), worker.getThreadGroup().getName());
        assertSame(ForkJoinPool.commonPool(), worker.getPool());
        assertSame(ClassLoader.getSystemClassLoader(), worker.getContextClassLoader());
        assertNull(inheritedThreadLocals(worker), "the worker inherits none of the task thread's values");
    }

    @Test
    void aWorkerAskedForOutsideTasks_isBuiltInPlace() {
        ForkJoinWorkerThread worker = new CommonPoolWorkers().newThread(ForkJoinPool.commonPool());
        assertSame(Thread.currentThread().getThreadGroup(), worker.getThreadGroup());
    }

    /** The thread's inherited values (opened to tests by --add-opens java.base/java.lang). */
    private static Object inheritedThreadLocals(Thread thread) throws ReflectiveOperationException {
        java.lang.reflect.Field f = Thread.class.getDeclaredField("inheritableThreadLocals");
        f.setAccessible(true);
        return f.get(thread);
    }
}
