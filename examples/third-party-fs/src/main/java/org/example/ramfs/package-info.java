/**
 * ramfs, a third party's filesystem plugin: files of small pages held in a map, written
 * against thplab's filesystem SPI alone and proved by thplab's conformance kit.
 */
package org.example.ramfs;
