package io.ringflow.task;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MailboxTest {
    @Test
    void shouldRunPostedActionsInOrderOnDrain() {
        Mailbox mailbox = new Mailbox();
        List<Integer> ran = new ArrayList<>();
        assertEquals(0, mailbox.drain());
        for (int i = 0; i < 3; i++) {
            int action = i;
            mailbox.post(() -> ran.add(action));
        }
        assertEquals(List.of(), ran, "nothing runs before the task drains");
        assertEquals(3, mailbox.drain());
        assertEquals(List.of(0, 1, 2), ran);
        assertEquals(0, mailbox.drain());
    }

    @Test
    void shouldRejectPostsBeyondItsCapacity() {
        Mailbox mailbox = new Mailbox();
        for (int i = 0; i < 1024; i++) {
            mailbox.post(() -> { });
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> mailbox.post(() -> { }));
        assertEquals("mailbox full: the task is not keeping up with control actions", e.getMessage());
    }
}
