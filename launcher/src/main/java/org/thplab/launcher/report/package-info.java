/**
 * {@code thplab report}: a run recorded step by step (every region's PMD extents, the
 * meminfo, smaps and vmstat counters, the script's output) as a JSON model, and written as
 * one self-contained HTML page that renders it. Rendering stays here; the core only offers
 * its read-only walk ({@link org.thplab.mm.Process#extents}).
 */
package org.thplab.launcher.report;
