/**
 * The {@code thplab} command: picocli commands ({@code run}, {@code check}, {@code modules}),
 * the profiles that choose the bundled plugins ({@code profiles/NAME.profile}),
 * and the two runtimes that load plugins: a JPMS module layer built at launch over the boot
 * layer, or embedded Apache Felix with Aries SPI Fly. Errors in paths and plugins are
 * reported in one line with exit status 2. Only {@link org.thplab.launcher.Main} is the
 * module's entry point; the package is not exported.
 */
package org.thplab.launcher;
