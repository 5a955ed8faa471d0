package io.ringflow.stress;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker passes a correct output and catches each way of breaking the guarantee on purpose. */
class OutputCheckerTest {
    /** Two source subtasks, 4 values per key: what a correct exactly-once run commits, in a possible commit order. */
    private static final long TOTAL = 4L * Scenario.KEYS;

    private static List<Counted> correctOutput() {
        List<Counted> out = new ArrayList<>();
        long[] counts = new long[Scenario.KEYS];
        for (long value = 0; value < TOTAL; value++) {
            int key = (int) (value % Scenario.KEYS);
            out.add(new Counted(key, value, ++counts[key]));
        }
        return out;
    }

    private static OutputChecker.Verdict check(List<Counted> output, boolean exactlyOnce) {
        OutputChecker checker = new OutputChecker(TOTAL, 1, 2, exactlyOnce);
        output.forEach(checker);
        return checker.verdict();
    }

    @Test
    void shouldPassACorrectOutput() {
        OutputChecker.Verdict verdict = check(correctOutput(), true);

        assertTrue(verdict.ok(), verdict.describe());
        assertEquals(TOTAL, verdict.records());
    }

    @Test
    void shouldReportARecordCommittedTwice() {
        List<Counted> output = correctOutput();
        Counted replayed = output.get(200);
        output.add(new Counted(replayed.key(), replayed.value(), 5)); // reprocessed after a restore that lost its state

        OutputChecker.Verdict verdict = check(output, true);

        assertFalse(verdict.ok());
        assertTrue(verdict.hasDuplicates(), verdict.describe());
        assertEquals(1, verdict.duplicates());
    }

    @Test
    void shouldReportALostRecordAsLossAndAsAGapInItsKeysCounts() {
        List<Counted> output = correctOutput();
        output.remove(130); // key 2, count 2

        OutputChecker.Verdict verdict = check(output, true);

        assertFalse(verdict.ok());
        assertEquals(1, verdict.lost(), verdict.describe());
        assertEquals(1, verdict.countBreaks(), verdict.describe());
        assertTrue(verdict.examples().contains("value 130 of key 2 missing"), verdict.describe());
    }

    @Test
    void shouldReportTwoRecordsOfAKeyCommittedOutOfOrder() {
        List<Counted> output = correctOutput();
        Collections.swap(output, 3, 3 + Scenario.KEYS); // key 3: values 3 and 131, from the same source subtask

        OutputChecker.Verdict verdict = check(output, true);

        assertFalse(verdict.ok());
        assertTrue(verdict.hasDisorder(), verdict.describe());
        assertEquals(1, verdict.reordered(), verdict.describe());
        assertEquals(0, verdict.lost() + verdict.duplicates(), verdict.describe());
    }

    @Test
    void shouldReportValuesEmittedOutOfSourceOrderEvenWhenCountsAreConsecutive() {
        List<Counted> output = correctOutput();
        output.set(3, new Counted(3, 3 + Scenario.KEYS, 1)); // the keyed operator got them in the wrong order
        output.set(3 + Scenario.KEYS, new Counted(3, 3, 2));

        OutputChecker.Verdict verdict = check(output, true);

        assertEquals(0, verdict.countBreaks(), verdict.describe());
        assertEquals(1, verdict.reordered(), verdict.describe());
        assertFalse(verdict.ok());
    }

    @Test
    void shouldAllowDuplicatesButNotLossAtLeastOnce() {
        List<Counted> replayed = correctOutput();
        replayed.addAll(correctOutput().subList(100, 300));
        List<Counted> lossy = correctOutput();
        lossy.remove((int) TOTAL - 1);

        OutputChecker.Verdict duplicates = check(replayed, false);
        OutputChecker.Verdict loss = check(lossy, false);

        assertTrue(duplicates.ok(), duplicates.describe());
        assertEquals(200, duplicates.duplicates());
        assertFalse(loss.ok());
        assertTrue(loss.hasLoss(), loss.describe());
    }

    @Test
    void shouldReportARecordThatNoInputCouldHaveProduced() {
        List<Counted> output = correctOutput();
        output.add(new Counted(1, TOTAL + 1, 5));

        OutputChecker.Verdict verdict = check(output, false);

        assertFalse(verdict.ok());
        assertEquals(1, verdict.unexpected(), verdict.describe());
    }
}
