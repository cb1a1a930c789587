/**
 * The filesystem conformance kit ({@link org.thplab.fs.tck.FilesystemConformanceKit}) and the
 * fixture for a plugin's own tests ({@link org.thplab.fs.tck.OnEveryArchitecture} handing out
 * {@link org.thplab.fs.tck.TestMachine}s, checked after each test by
 * {@link org.thplab.fs.tck.MachineFixture}).
 */
package org.thplab.fs.tck;
