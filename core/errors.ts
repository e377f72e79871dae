/**
 * Typed errors that carry what caused them (task, file, row, model), so a user can find the bad input.
 * The CLI prints `message` without a stack unless --verbose.
 */
export interface ErrorContext {
  task?: string;
  model?: string;
  file?: string;
  /** 0-based row index in the file (printed 0-based as "row N"). */
  row?: number;
  /** 1-based line of a text file. */
  line?: number;
  /** Byte offset in a binary file. */
  offset?: number;
  split?: string;
  subset?: string;
  hint?: string;
}

export class MtebError extends Error {
  readonly context: ErrorContext;
  /** The message without the context and hint that `message` appends (so re-wrapping never repeats them). */
  readonly detail: string;
  constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(formatMessage(message, context), options);
    this.name = new.target.name;
    this.context = context;
    this.detail = message;
  }
}

/** A dataset file or row is missing, unreadable or malformed. */
export class DatasetError extends MtebError {}
/** A model could not be loaded or returned bad embeddings. */
export class ModelError extends MtebError {}
/** A user-supplied name, option or file is invalid. */
export class ConfigError extends MtebError {}
/** An evaluator cannot score the given data (e.g. a single class). */
export class EvaluationError extends MtebError {}
/** A capability exists in the catalog but its implementation is not available. */
export class NotImplementedTaskError extends MtebError {}
/** The disk holding a file being written is full (ENOSPC, EDQUOT); names the file. Never retried: it cannot heal. */
export class DiskFullError extends MtebError {}

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

/** The system error code when `e` (or its cause) says the disk is full. */
export function diskFullCode(e: unknown): string | undefined {
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && DISK_FULL_CODES.has(code)) return code;
  }
  return undefined;
}

/**
 * A DiskFullError naming `file` when `e` is a full disk, else `e` unchanged. Node's ENOSPC message names no path
 * ("no space left on device, write"), so every writer passes what it was writing.
 */
export function diskFullError(e: unknown, file: string, what = 'cannot write'): unknown {
  const code = diskFullCode(e);
  if (!code || e instanceof DiskFullError) return e;
  return new DiskFullError(
    `${what} ${file}: the disk is full (${code})`,
    { file, hint: 'free space on that disk, or point the option or variable that chose the folder at another disk; nothing was retried' },
    { cause: e },
  );
}

function formatMessage(message: string, c: ErrorContext): string {
  const where: string[] = [];
  if (c.task) where.push(`task ${c.task}`);
  if (c.split) where.push(`split ${c.split}`);
  if (c.subset) where.push(`subset ${c.subset}`);
  if (c.model) where.push(`model ${c.model}`);
  if (c.file) where.push(`file ${c.file}`);
  if (c.row !== undefined) where.push(`row ${c.row}`);
  if (c.line !== undefined) where.push(`line ${c.line}`);
  if (c.offset !== undefined) where.push(`byte offset ${c.offset}`);
  let out = where.length ? `${message} [${where.join(', ')}]` : message;
  if (c.hint) out += `\n  hint: ${c.hint}`;
  return out;
}

/**
 * An error split for reporting: the message with its context, and the hint apart, so a report can print each
 * hint once however many failures share it.
 */
export function describeError(err: unknown): { message: string; hint?: string } {
  if (err instanceof MtebError) return { message: formatMessage(err.detail, { ...err.context, hint: undefined }), hint: err.context.hint };
  return { message: err instanceof Error ? err.message : String(err) };
}

/**
 * Adds context to an error thrown deeper down without losing its type. Foreign errors (a user encoder's, a
 * library's) become MtebErrors with the same message, the context, and the original as `cause`.
 */
export function withContext(err: unknown, extra: ErrorContext): unknown {
  if (!(err instanceof MtebError)) {
    return new MtebError(err instanceof Error ? err.message : String(err), extra, { cause: err });
  }
  const merged: ErrorContext = { ...extra, ...err.context };
  const Ctor = err.constructor as new (m: string, c: ErrorContext, o?: { cause?: unknown }) => MtebError;
  return new Ctor(err.detail, merged, { cause: err.cause });
}
