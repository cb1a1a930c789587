/**
 * The glue between the core and its plugins: containment of plugin failures
 * ({@link org.thplab.mm.plugin.PluginFailures}: a failure is reported naming the plugin's
 * module), the contained anonymous-memory policy and its stand-in when none is loaded, and
 * what the core lends plugins ({@code FsServicesImpl}, {@code PagesImpl}, {@code AnonServicesImpl}).
 *
 * <p>Layer: above {@code stat}, {@code page} and {@code mmtypes}; below everything that calls
 * plugin code (the fault path, huge faults, system calls). The services are built from the
 * lower layers' pieces (geometry, counters, page state), never from the machine, so that
 * the paths above can report into this package without a cycle.
 */
package org.thplab.mm.plugin;
