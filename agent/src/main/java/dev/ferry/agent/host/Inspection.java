package dev.ferry.agent.host;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.engine.RunningTask;
import dev.ferry.runtime.engine.Tasks;
import dev.ferry.runtime.protocol.Message;
import dev.ferry.runtime.snapshot.NotMovableException;
import dev.ferry.runtime.snapshot.SnapshotCodec;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code inspect ID}: capture the live task, describe its frames, locals, statics and heap (as
 * {@code ferry inspect} does for a file), and resume it in place.
 */
final class Inspection {
    private Inspection() {
    }

    static Message.Inspection of(HostDaemon host, Message.Inspect request) {
        HostedTask task = host.tasks.get(request.taskId());
        if (task == null) {
            return answer(request, false, "task " + request.taskId() + " does not run on " + host.options.name());
        }
        if (!task.begin("inspection")) {
            return answer(request, false, "task " + request.taskId() + " is busy: " + task.operation());
        }
        RunningTask running = task.running();
        Continuation continuation = null;
        try {
            continuation = running.requestCapture(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            return answer(request, true, SnapshotCodec.describe(task.snapshot(running, continuation, host.options.name())));
        } catch (ExecutionException e) {
            return answer(request, false, e.getCause().getMessage());
        } catch (NotMovableException e) {
            return answer(request, false, "captured, but it could not be described: " + e.getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            return answer(request, false, "the capture did not complete");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer(request, false, "interrupted");
        } catch (RuntimeException e) { // the shell waits for an answer: it always gets one
            return answer(request, false, "the inspection failed: " + HostLog.reason(e));
        } finally {
            if (continuation != null) {
                host.run(task, Tasks.resumeInPlace(running, continuation, task.options));
            }
            task.end();
            host.applyPendingKill(task);
        }
    }

    private static Message.Inspection answer(Message.Inspect request, boolean ok, String text) {
        return new Message.Inspection(request.requestId(), request.taskId(), ok, text);
    }
}
