import { DatabaseError } from 'pg';

// SQLSTATE classes and codes that mean "not now": connection exceptions (08), the server shutting
// down or starting (57P01-57P03), and too many connections (53300).
const NOT_NOW_STATES = /^(08|57P0[1-3]$|53300$)/;
// Node's socket errors when the server is away, and the pool's when it cannot connect in time.
const NOT_NOW_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

/** Whether an error from the record's database means it is away for now, not that the query is wrong. */
export function recordUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseError) return NOT_NOW_STATES.test(error.code ?? '');
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && NOT_NOW_CODES.has(code)) return true;
  // pg's own wording when a connection ends or cannot be had in time.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/.test(
    error.message,
  );
}
