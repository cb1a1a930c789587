/**
 * The filesystem conformance kit: a plugin's test extends
 * {@link org.thplab.fs.tck.FilesystemConformanceKit}, and every test mounts the plugin in the
 * real core on every architecture and runs the invariant checker after it. For a plugin's own
 * tests, {@link org.thplab.fs.tck.OnEveryArchitecture} hands each test a
 * {@link org.thplab.fs.tck.TestMachine} per architecture, checked after the test by
 * {@link org.thplab.fs.tck.MachineFixture}.
 */
package org.thplab.fs.tck;
