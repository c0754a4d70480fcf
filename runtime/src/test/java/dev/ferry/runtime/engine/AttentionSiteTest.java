package dev.ferry.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The call site's states: what its safepoints answer, and when it is folded to a constant. */
class AttentionSiteTest {
    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(100));
    private final AttentionSite site = new AttentionSite(now::get);
    private final Object task = new Object();
    private final Object other = new Object();

    @Test
    void oneRequest_raisesTheSite_andLoweringFoldsItAgainAtOnce() {
        assertFalse(site.answer());
        assertTrue(site.isFolded());
        site.update(task, true, true);
        assertTrue(site.answer());
        site.update(task, false, false);
        assertFalse(site.answer());
        assertTrue(site.isFolded(), "a single capture (a move) leaves nothing to fold later");
    }

    @Test
    void theSiteStaysRaised_whileAnyOfItsTasksNeedsAttention() {
        site.update(task, true, true);
        site.update(other, true, false);
        site.update(task, false, false);
        assertTrue(site.answer());
        site.update(other, false, false);
        assertFalse(site.answer());
    }

    @Test
    void aSecondRequestSoonAfterTheFirst_watchesAFlagInstead_untilQuiet() {
        site.update(task, true, true);
        site.update(task, false, false);
        site.update(task, true, false); // the restore of a resume in place
        site.update(task, false, false);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(3));
        site.update(task, true, true);
        assertTrue(site.answer());
        site.update(task, false, false);
        assertFalse(site.answer());
        assertFalse(site.isFolded(), "a burst of captures must not deoptimize the task's code at each one");

        site.update(task, true, true); // watched: raised by the flag alone
        assertTrue(site.answer());
        site.update(task, false, false);
        site.foldIfQuiet();
        assertFalse(site.isFolded(), "folded less than a quiet period after the last request");

        now.addAndGet(AttentionSite.QUIET_NANOS);
        site.foldIfQuiet();
        assertTrue(site.isFolded());
        assertFalse(site.answer());
    }

    @Test
    void aWatchedSiteIsNotFolded_whileATaskNeedsAttention() {
        site.update(task, true, true);
        site.update(task, false, false);
        site.update(task, true, true);
        site.update(task, false, false);
        site.update(task, true, true);
        now.addAndGet(2 * AttentionSite.QUIET_NANOS);
        site.foldIfQuiet();
        assertFalse(site.isFolded());
        assertTrue(site.answer());
    }
}
