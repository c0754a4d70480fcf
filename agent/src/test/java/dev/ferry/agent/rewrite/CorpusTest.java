package dev.ferry.agent.rewrite;

import static dev.ferry.agent.rewrite.CorpusRun.IN_PLACE;
import static dev.ferry.agent.rewrite.CorpusRun.assertSameOutput;
import static dev.ferry.agent.rewrite.CorpusRun.hopping;
import static dev.ferry.agent.rewrite.CorpusRun.straight;

import org.junit.jupiter.api.Test;

class CorpusTest {
    @Test
    void counter_capturedInsideSleep_printsContiguousCount() throws Exception {
        String expected = straight("dev.ferry.corpus.Counter", "200");
        assertSameOutput(expected, hopping("dev.ferry.corpus.Counter", 40, 1, IN_PLACE, "200"), 3);
    }

    @Test
    void primitives_everyKindSurvives() throws Exception {
        String expected = straight("dev.ferry.corpus.Primitives");
        assertSameOutput(expected, hopping("dev.ferry.corpus.Primitives", 10, 2, IN_PLACE), 3);
    }

    @Test
    void pendingStack_valuesBelowTheCallSurvive() throws Exception {
        String expected = straight("dev.ferry.corpus.PendingStack");
        assertSameOutput(expected, hopping("dev.ferry.corpus.PendingStack", 10, 3, IN_PLACE), 3);
    }

    @Test
    void deepRecursion_tenThousandFrames() throws Exception {
        String expected = straight("dev.ferry.corpus.DeepRecursion");
        assertSameOutput(expected, hopping("dev.ferry.corpus.DeepRecursion", 20, 4, IN_PLACE), 3);
    }
}
