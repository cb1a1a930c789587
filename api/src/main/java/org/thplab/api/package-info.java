/**
 * Annotations shared by every thplab SPI.
 */
package org.thplab.api;
