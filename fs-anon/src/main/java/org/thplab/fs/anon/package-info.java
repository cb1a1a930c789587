/**
 * The anonymous-memory plugin: huge fault, huge zero page, copy-on-write, split, collapse.
 */
package org.thplab.fs.anon;
