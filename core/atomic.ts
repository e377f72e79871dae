import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { diskFullError } from './errors.js';

/**
 * The file-system calls of `writeFileAtomic`, replaceable by tests to inject faults (a full disk, a folder removed
 * by another process between mkdir and write). Production code never changes them.
 */
export const atomicIo = { mkdirSync, writeFileSync, renameSync };

/** Attempts when the folder vanishes under us (another run removed an empty `.partial/` at that moment). */
const VANISHED_FOLDER_RETRIES = 5;

/**
 * Writes via a temporary file in the same folder and renames, so readers never see a half-written file.
 * A full disk throws a DiskFullError naming `file` (the temporary file is removed).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = dirname(file);
  for (let attempt = 1; ; attempt++) {
    const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      atomicIo.mkdirSync(dir, { recursive: true });
      atomicIo.writeFileSync(tmp, data);
      atomicIo.renameSync(tmp, file);
      return;
    } catch (e) {
      rmSync(tmp, { force: true });
      // Two runs sharing an output folder: one may rmdir an empty checkpoint folder between our mkdir and write.
      // Once our temp file is in it, the folder can no longer be removed, so making it again is enough.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && attempt < VANISHED_FOLDER_RETRIES) continue;
      throw diskFullError(e, file);
    }
  }
}
