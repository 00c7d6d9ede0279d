/**
 * File-system failures as one line a person can act on: the path first, what went
 * wrong in words, and what to do. Raw Node errors (`EROFS: read-only file system,
 * open '/x/.o.onnx.123-ab.tmp'`) name temp files and give no advice.
 */
import { ToolError } from './errors.js';

const ADVICE: Record<string, string> = {
  ENOENT: 'no such file or folder here',
  EACCES: 'permission denied; choose a place you can write to',
  EPERM: 'operation not permitted on this file system; choose another place',
  EROFS: 'read-only file system; choose a writable folder',
  ENOSPC: 'no space left on the device; free some space or choose another disk',
  EDQUOT: 'disk quota exceeded; free some space or choose another disk',
  EEXIST: 'already exists',
  ENOTDIR: 'a part of this path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files; raise the limit (ulimit -n)',
  ENFILE: 'too many open files on the system',
  EIO: 'input/output error; check the disk',
  EBUSY: 'busy; try again when it is free',
  EINVAL: 'not allowed on this file system',
  EXDEV: 'cannot move across file systems',
};

const VERBS: Record<string, string> = {
  open: 'open it', stat: 'look at it', lstat: 'look at it', mkdir: 'create it', rename: 'write it', unlink: 'remove it',
  rmdir: 'remove it', scandir: 'list it', read: 'read it', write: 'write it', copyfile: 'copy it', access: 'use it',
};

export function isErrnoError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!);
}

/** `path: cannot <doing> (CODE: advice)`, for an errno error met while working on `path`. */
export function fsError(path: string, error: unknown, doing: string, advice: Record<string, string> = {}): ToolError {
  if (error instanceof ToolError) return error;
  const code = isErrnoError(error) ? error.code! : '';
  const why = advice[code] ?? ADVICE[code] ?? (error instanceof Error ? error.message.split('\n', 1)[0]! : String(error));
  return new ToolError(`${path}: cannot ${doing} (${code ? `${code}: ` : ''}${why})`);
}

/**
 * The safety net of every command: a ToolError as it is, an errno error as one line
 * naming its path (exit 2), anything else unchanged (a bug: it keeps its stack).
 */
export function asToolError(error: unknown): unknown {
  if (error instanceof ToolError || !isErrnoError(error)) return error;
  const path = error.path ?? (error as { dest?: string }).dest ?? '(unknown path)';
  return fsError(path, error, VERBS[error.syscall ?? ''] ?? 'use it');
}
