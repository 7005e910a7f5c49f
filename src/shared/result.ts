/**
 * @file The result shape every fallible call returns across a process boundary.
 *
 * [Note: Results, not exceptions, across boundaries]
 * Exceptions do not survive IPC or HTTP with their type intact, and a renderer that has to
 * guess whether a call threw is a renderer that shows blank screens. Every handler therefore
 * answers `{ ok: true, value }` or `{ ok: false, error: { code, message } }`; the message is
 * written for the person using the app, the code for the program.
 */
import { z } from 'zod';

/** Machine-readable error codes. Add new ones here so every host maps them the same way. */
export const errorCodes = [
  'invalid-argument',
  'not-found',
  'unauthorized',
  'forbidden',
  'unavailable',
  /** A server on the network could not be reached (model downloads): the UI says what to do. */
  'offline',
  /** The user stopped the work (a cancelled download); nothing is left half-done. */
  'cancelled',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const appErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
});

/** Builds a zod schema for `Result<T>` from the schema of `T`. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: appErrorSchema }),
  ]);
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): { ok: false; error: AppError } {
  return { ok: false, error: { code, message } };
}

/** An error a handler throws on purpose; its code and message reach the caller unchanged. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}
