package org.thplab.launcher;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps the SPI Fly mediator's INFO lines off standard error: only the script's errors go there. */
final class OsgiLogging {
    /** Held so that the level setting is not collected with the logger. */
    private static final Logger SPIFLY = Logger.getLogger("org.apache.aries.spifly");

    private OsgiLogging() {
        // static helper only
    }

    static void quiet() {
        SPIFLY.setLevel(Level.WARNING);
    }
}
