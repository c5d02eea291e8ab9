package io.zsync.tui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The mailbox's sequential behaviour: turns between posts and keyed messages, replacement in place, close. */
@Timeout(10)
class MailboxTest {
    @Test
    void postsAndKeyedMessagesTakeTurns() {
        Mailbox m = new Mailbox(8);
        m.tryPost("p1");
        m.tryPost("p2");
        m.tryPost("p3");
        m.offerLatest("a", "a1");
        m.offerLatest("b", "b1");
        assertEquals("p1", m.poll());
        assertEquals("a1", m.poll());
        assertEquals("p2", m.poll());
        assertEquals("b1", m.poll());
        assertEquals("p3", m.poll());
        assertNull(m.poll());
    }

    @Test
    void aReplacedKeyKeepsItsPlaceAndIsCounted() {
        Mailbox m = new Mailbox(8);
        m.offerLatest("a", "a1");
        m.offerLatest("b", "b1");
        m.offerLatest("a", "a2");
        assertEquals("a2", m.poll());
        assertEquals("b1", m.poll());
        assertEquals(1, m.replaced());
        m.offerLatest("a", "a3");   // taken before: a new message, not a replacement
        assertEquals("a3", m.poll());
        assertEquals(1, m.replaced());
    }

    @Test
    void fullAndClosed() {
        Mailbox m = new Mailbox(2);
        assertTrue(m.tryPost(1));
        assertTrue(m.tryPost(2));
        assertFalse(m.tryPost(3), "full");
        m.close();
        assertFalse(m.post(4), "closed: post returns false at once");
        assertFalse(m.offerLatest("k", 5));
        assertEquals(1, m.poll(), "what was queued drains");
    }
}
