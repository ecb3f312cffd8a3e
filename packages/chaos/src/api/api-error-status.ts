import { isDomainError } from '@charter/errors';
import { type ChaosErrorCode, ChaosErrorCode as Code } from '../chaos.errors';

/** The one code → HTTP status table of the control API (Toxiproxy's statuses where it has the case). */
export const API_ERROR_STATUS: Record<ChaosErrorCode, number> = {
  [Code.BadRequestBody]: 400,
  [Code.MissingField]: 400,
  [Code.InvalidAddress]: 400,
  [Code.InvalidStream]: 400,
  [Code.InvalidToxicType]: 400,
  [Code.InvalidAttribute]: 400,
  [Code.InvalidToxicity]: 400,
  [Code.ProxyNotFound]: 404,
  [Code.ToxicNotFound]: 404,
  [Code.RouteNotFound]: 404,
  [Code.ProxyExists]: 409,
  [Code.ToxicExists]: 409,
  [Code.ListenAddressInUse]: 409,
};

/** Toxiproxy's error body (`error`, `status`) plus Charter's stable `code`. */
export interface ApiErrorBody {
  error: string;
  status: number;
  code: string;
}

export function toApiError(error: unknown): ApiErrorBody {
  if (isDomainError(error) && Object.hasOwn(API_ERROR_STATUS, error.code)) {
    return { error: error.message, status: API_ERROR_STATUS[error.code as ChaosErrorCode], code: error.code };
  }
  return { error: 'internal error', status: 500, code: 'INTERNAL' };
}
