/**
 * {@code thplab fuzz}: random workload scripts checked against a byte model and the invariant
 * checker, and the failing ones shrunk to a minimal script. The {@link
 * org.thplab.launcher.fuzz.Generator} writes workload-language lines and predicts, with the
 * {@link org.thplab.launcher.fuzz.ByteModel}, what every page must hold (stated in the script as
 * {@code verify ... bad=N}), so that any failure is a script; a {@link org.thplab.launcher.fuzz.Trial}
 * runs one through the launcher's own interpreter with the checker after every command; the
 * {@link org.thplab.launcher.fuzz.Shrinker} delta-debugs a failing script down to the lines that
 * still fail the same way; the {@link org.thplab.launcher.fuzz.Fuzzer} drives seeds, progress and
 * the reproducer.
 */
package org.thplab.launcher.fuzz;
