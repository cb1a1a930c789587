/**
 * CONFIG_DEBUG_VM: the invariant checker, a full recount of page tables, page caches and page
 * state compared with what the core maintains.
 *
 * <p>Layer: a reader at the top, beside {@code proc}; it may read every package below.
 */
package org.thplab.mm.debug;
