import { HttpException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';

// SQLSTATE classes that say the database could not be reached or could not serve now: connection
// exceptions, insufficient resources, operator intervention, system errors, and transaction
// rollbacks (serialization failures, deadlocks). Worth retrying; any other class is an answer.
const TRANSIENT_SQLSTATE = /^(08|40|53|57|58)/;

/**
 * Whether retrying cannot help: PostgreSQL refused the statement itself (e.g. a result jsonb does not
 * accept), or one of our own checks said no (a 4xx problem). Unreachable services, dropped
 * connections, time-outs and 5xx answers are all worth another try.
 */
export function isPermanentError(error: unknown): boolean {
  if (error instanceof HttpException) return error.getStatus() < 500;
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  // SQLSTATE: five digits or capitals; Node's own codes (ECONNRESET, EPIPE, ...) begin with E.
  return typeof code === 'string' && /^[0-9A-DF-Z][0-9A-Z]{4}$/.test(code) && !TRANSIENT_SQLSTATE.test(code);
}
