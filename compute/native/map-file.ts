/**
 * Optional file mapping (native/map_file.cc): the whole file as an ArrayBuffer backed by a private mapping, so
 * reading a large cache file costs page-table entries over the page cache instead of a copy into fresh memory
 * (on this VM a fresh page costs more than copying it; see docs/performance.md). Undefined when the addon is not
 * built; callers then read the file.
 */
import { loadAddon } from './addon.js';

interface MapFileAddon {
  mapFile(path: string): ArrayBuffer;
}

/** The mapping function, or undefined when the addon is unavailable. */
export function fileMapper(): ((path: string) => ArrayBuffer) | undefined {
  const addon = loadAddon<MapFileAddon>('map_file');
  return addon ? (path) => addon.mapFile(path) : undefined;
}
