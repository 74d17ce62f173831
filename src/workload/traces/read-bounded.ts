import { closeSync, openSync, readSync, statSync } from "node:fs";
import { ScenarioError, message } from "../../messages.js";

/** Largest trace file read, bytes (a trace path may name any file: /dev/zero, a log of many GB). */
export const TRACE_FILE_BYTES_LIMIT = 512 * 1024 * 1024;

/** Read at most `limit` bytes of a regular file; larger files, devices and pipes are refused by name. */
export function readBoundedFile(file: string, limit: number, limitName: string, what: string, notFound: (file: string) => string): Buffer {
  let fd: number | undefined;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new ScenarioError(message.fileUnreadable(file, "it is a directory, not a file"));
    if (!stat.isFile()) throw new ScenarioError(message.notRegularFile(file, what));
    if (stat.size > limit) throw new ScenarioError(message.fileTooLarge(file, stat.size, limitName, limit));
    fd = openSync(file, "r");
    // Read one byte past the limit, so a file that grew after stat() is still caught.
    const buffer = Buffer.alloc(Math.min(limit + 1, stat.size + 1));
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) {
        if (length > limit) throw new ScenarioError(message.fileTooLarge(file, length, limitName, limit));
        throw new ScenarioError(message.fileUnreadable(file, "it grew while being read"));
      }
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new ScenarioError(notFound(file));
    throw new ScenarioError(message.fileUnreadable(file, code ?? String(error)));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
