package dev.ferry.agent.host;

import dev.ferry.runtime.protocol.Connection;
import dev.ferry.runtime.protocol.Message;
import dev.ferry.runtime.protocol.ProtocolException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The host's connection to the coordinator, kept up: it joins with a {@link Message.Hello} (naming
 * the tasks the host runs, so a coordinator that lost track of them gets them back), reconnects
 * with back-off when the connection breaks, and sends everything the host has to say in order,
 * keeping what could not be sent for the next connection.
 *
 * <p>Thread roles: the link thread connects and reads (handing each message to the handler); the
 * sender thread writes; any thread may {@link #send}. {@code current} is written by the link thread
 * only.
 */
final class CoordinatorLink {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private final HostOptions options;
    private final Supplier<Message.Hello> hello;
    private final Consumer<Message> handler;
    private final HostLog log;
    private final BlockingDeque<Message> outbox = new LinkedBlockingDeque<>();
    private volatile Connection current;
    /** How many messages were ever queued, and how many of them written (in queue order): guarded by {@code this}. */
    private long queued;
    private long written;
    private volatile long heartbeatMillis = 1000;
    private volatile boolean stopped;

    CoordinatorLink(HostOptions options, Supplier<Message.Hello> hello, Consumer<Message> handler, HostLog log) {
        this.options = options;
        this.hello = hello;
        this.handler = handler;
        this.log = log;
    }

    void start() {
        HostDaemon.daemonThread(this::connectAndRead, "ferry-link").start();
        HostDaemon.daemonThread(this::sendLoop, "ferry-link-sender").start();
    }

    /** Queues a message for the coordinator; it is sent in order, on this or the next connection. */
    void send(Message message) {
        synchronized (this) {
            queued++;
            outbox.add(message);
        }
    }

    /** A mark for {@link #awaitWritten}: everything queued so far. */
    synchronized long queuedSoFar() {
        return queued;
    }

    /** Waits until the messages queued before {@code mark} have been written, or {@code timeout} passes. */
    synchronized void awaitWritten(long mark, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (long left = timeout.toNanos(); written < mark && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean connected() {
        return current != null;
    }

    long heartbeatMillis() {
        return heartbeatMillis;
    }

    void stop() {
        stopped = true;
        Connection c = current;
        if (c != null) {
            c.close();
        }
    }

    private void connectAndRead() {
        long backoff = 100;
        boolean everJoined = false;
        while (!stopped) {
            Connection c;
            try {
                c = Connection.connect(options.transport(), options.coordinator(), options.secret(), "host", options.name(),
                        CONNECT_TIMEOUT);
                c.send(hello.get());
                Message answer = c.receive();
                if (answer instanceof Message.Refused refused) {
                    c.close();
                    throw new ProtocolException("the coordinator refused this host: " + refused.reason());
                }
                if (!(answer instanceof Message.Joined joined)) {
                    c.close();
                    throw new ProtocolException("the coordinator answered " + answer.getClass().getSimpleName()
                            + " to a hello");
                }
                heartbeatMillis = joined.heartbeatMillis();
            } catch (IOException | ProtocolException e) {
                if (e instanceof ProtocolException) {
                    log.warning(e.getMessage());
                } else if (!everJoined || backoff >= MAX_BACKOFF_MILLIS) {
                    log.fine("cannot reach the coordinator at " + options.coordinator() + ": " + e.getMessage());
                }
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                continue;
            }
            log.info((everJoined ? "re-joined" : "joined") + " the coordinator at " + options.coordinator());
            everJoined = true;
            backoff = 100;
            synchronized (this) {
                current = c;
                notifyAll();
            }
            try {
                while (!stopped) {
                    handler.accept(c.receive());
                }
            } catch (IOException | ProtocolException e) {
                if (!stopped) {
                    log.warning("lost the coordinator (" + HostLog.reason(e) + "); reconnecting");
                }
            } finally {
                current = null;
                c.close();
            }
        }
    }

    private void sendLoop() {
        while (!stopped) {
            Message next;
            try {
                next = outbox.take();
            } catch (InterruptedException e) {
                return;
            }
            while (!stopped) {
                Connection c = awaitConnection();
                if (c == null) {
                    return; // stopped
                }
                try {
                    c.send(next);
                    synchronized (this) {
                        written++;
                        notifyAll();
                    }
                    break;
                } catch (IOException e) {
                    c.close(); // the link thread notices and reconnects; try again then
                    sleep(50);
                }
            }
        }
    }

    private synchronized Connection awaitConnection() {
        while (current == null && !stopped) {
            try {
                wait(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return current;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
