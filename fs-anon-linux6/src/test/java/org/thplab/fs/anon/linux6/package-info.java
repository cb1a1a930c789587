/** The 6.18 policy's rules, run in the real core on every architecture. */
package org.thplab.fs.anon.linux6;
