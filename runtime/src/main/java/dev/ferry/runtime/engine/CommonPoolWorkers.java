package dev.ferry.runtime.engine;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.FutureTask;

/**
 * The thread factory of the JVM's common {@link ForkJoinPool} in a JVM that runs tasks: it makes
 * the pool's workers outside every task's thread group.
 *
 * <p>Why: a worker thread joins the group of the thread that creates it, and the pool creates its
 * workers lazily, on the thread that first hands it work — often a task's thread, in a parallel
 * stream. Such a worker would count as a thread the task started (so the task could not move for
 * the minute the idle worker lingers), a kill would interrupt it, and it would inherit the task's
 * inheritable thread-locals. The pool is the JVM's, shared by every task on the host; so its
 * workers are built by one host-owned thread instead, whatever thread asked for them.
 *
 * <p>Installed through the {@code java.util.concurrent.ForkJoinPool.common.threadFactory} system
 * property, which the pool reads once, when it is first used: {@link #install()} must run before
 * that, which the agent does first thing.
 */
public final class CommonPoolWorkers implements ForkJoinPool.ForkJoinWorkerThreadFactory {
    private static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.threadFactory";

    /** Builds (never starts) workers, so that they take its thread group, not their requester's. */
    private static volatile Thread builder;
    private static final java.util.concurrent.SynchronousQueue<FutureTask<ForkJoinWorkerThread>> ORDERS =
            new java.util.concurrent.SynchronousQueue<>();

    /** Called by the pool (through the system property); use {@link #install()}. */
    public CommonPoolWorkers() {
    }

    /**
     * Makes this the common pool's worker factory, unless the pool is already running or another
     * factory was named.
     *
     * @return whether the common pool builds its workers here
     */
    public static synchronized boolean install() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, CommonPoolWorkers.class.getName());
        }
        return ForkJoinPool.commonPool().getFactory() instanceof CommonPoolWorkers;
    }

    @Override
    public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
        if (TaskThreadGroup.groupOf(Thread.currentThread()) == null) {
            return new Worker(pool);
        }
        FutureTask<ForkJoinWorkerThread> order = new FutureTask<>(() -> new Worker(pool));
        try {
            startBuilder();
            ORDERS.put(order);
            return order.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the pool copes with no new worker: it asks again
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create a common pool worker", e.getCause());
        }
    }

    private static synchronized void startBuilder() {
        if (builder != null) {
            return;
        }
        // Created from a task's thread here: put in the top group, and inheriting none of its thread-locals.
        ThreadGroup top = Thread.currentThread().getThreadGroup();
        while (top.getParent() != null) {
            top = top.getParent();
        }
        Thread t = new Thread(top, CommonPoolWorkers::buildOrders, "ferry-common-pool-workers", 0, false);
        t.setDaemon(true);
        t.setContextClassLoader(ClassLoader.getSystemClassLoader());
        t.start();
        builder = t;
    }

    private static void buildOrders() {
        while (true) {
            try {
                ORDERS.take().run();
            } catch (InterruptedException e) {
                // Nothing owns this thread to stop it; an interrupt cannot end the orders of others.
                Thread.interrupted();
            }
        }
    }

    /** A common pool worker: as the JDK's, with the system class loader as its context loader. */
    private static final class Worker extends ForkJoinWorkerThread {
        Worker(ForkJoinPool pool) {
            super(pool);
            setContextClassLoader(ClassLoader.getSystemClassLoader());
        }
    }
}
