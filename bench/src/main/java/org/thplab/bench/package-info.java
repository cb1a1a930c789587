/**
 * JMH benchmarks of the fault paths through the core's public facade, on machines booted
 * from the providers on the class path as the launcher would. Built by the reactor into
 * {@code benchmarks.jar}, never run by the build.
 */
package org.thplab.bench;
