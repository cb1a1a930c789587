package org.thplab.launcher.script;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which stream is a terminal, as ./thplab tells it per stream. */
class TerminalTests {
    @AfterEach
    void forget() {
        System.clearProperty("thplab.tty");
    }

    @Test
    void eachStreamIsAskedOnItsOwn() {
        System.setProperty("thplab.tty", "err");
        assertTrue(Terminal.stderr(), "progress goes to a terminal standard error");
        assertFalse(Terminal.stdout(), "no colours into a file");
        System.setProperty("thplab.tty", "out");
        assertTrue(Terminal.stdout());
        assertFalse(Terminal.stderr(), "no progress drawn into a log");
        System.setProperty("thplab.tty", "");
        assertFalse(Terminal.stdout() || Terminal.stderr());
        System.setProperty("thplab.tty", "out,err");
        assertTrue(Terminal.stdout() && Terminal.stderr());
    }
}
