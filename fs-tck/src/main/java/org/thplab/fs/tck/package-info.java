/**
 * The filesystem conformance kit: a plugin's test extends
 * {@link org.thplab.fs.tck.FilesystemConformanceKit}, and every test mounts the plugin in the
 * real core on every architecture and runs the invariant checker after it.
 */
package org.thplab.fs.tck;
