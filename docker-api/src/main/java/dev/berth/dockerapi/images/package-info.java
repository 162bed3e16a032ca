/** Docker Engine API: the images endpoints. */
package dev.berth.dockerapi.images;
