/**
 * The anonymous-memory plugin: the THP knobs, the huge fault (a new THP or the huge zero
 * page), copy-on-write of a huge PMD (reuse or copy the whole THP, as Linux 4.6), and
 * khugepaged's limits. The core does the page-table work it asks for.
 */
package org.thplab.fs.anon;
