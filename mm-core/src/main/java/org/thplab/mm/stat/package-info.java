/**
 * vmstat.c: the machine-wide counters and events of /proc/vmstat and /proc/meminfo, in atomic
 * primitive arrays.
 *
 * <p>Layer: the bottom of mm-core's stack; it uses nothing of the core, and every other
 * package may count into it.
 */
package org.thplab.mm.stat;
