// What a failed request means for a person, in their language: the server's stable error codes
// (src/api/errors.cpp) and the app's own ("unreachable", "unexpected") each have a message. The
// server's English `message` is shown after it only for a request it refused as malformed (it
// names the value), and alone only for a code this build does not know.
import { ApiError } from '../lib/api';
import type { I18n, MessageKey } from './i18n';

export const ERROR_CODES = [
  'missing_parameter',
  'invalid_parameter',
  'bad_request',
  'unauthorized',
  'not_found',
  'conflict',
  'unavailable',
  'store_unavailable',
  'not_configured',
  'bad_gateway',
  'gateway_timeout',
  'passcode_required',
  'passcode_invalid',
  'host_required',
  'owner_required',
  'denied',
  'room_not_found',
  'room_locked',
  'organizer_required',
  'sign_in_required',
  'too_many_requests',
  'forbidden',
  'room_in_use',
  'ticket_used',
  'lobby_off',
  'cross_site',
  'unsupported_media_type',
  'internal',
  'unreachable',
  'unexpected',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const isKnown = (code: string | undefined): code is ErrorCode =>
  code !== undefined && (ERROR_CODES as readonly string[]).includes(code);

/** The message of an error code (every code has one in every language: the type checks it). */
export function errorCodeText({ t }: I18n, code: ErrorCode, retryAfter?: number): string {
  const key: MessageKey = `errors.${code}`;
  if (code === 'too_many_requests' && retryAfter !== undefined && retryAfter > 0) {
    return t('errors.too_many_requests_wait', { count: retryAfter });
  }
  return t(key);
}

// A request the server could not use: its own words say which value, so they are kept, after
// the message in the person's language.
const REFUSED_REQUEST: readonly string[] = ['missing_parameter', 'invalid_parameter', 'bad_request'];

/** A failure as one sentence for a person. */
export function errorText(i18n: I18n, error: unknown): string {
  if (error instanceof ApiError) {
    const refused = error.status === 400 && (error.code === undefined || REFUSED_REQUEST.includes(error.code));
    if (refused) {
      const text = errorCodeText(i18n, isKnown(error.code) ? error.code : 'bad_request');
      const detail = error.message.trim();
      return detail && detail !== error.code ? i18n.t('errors.serverSaid', { error: text, detail }) : text;
    }
    if (isKnown(error.code)) return errorCodeText(i18n, error.code, error.retryAfter);
    if (error.status !== undefined && error.status >= 500) return errorCodeText(i18n, 'internal');
    return error.message || errorCodeText(i18n, 'unexpected');
  }
  if (error instanceof Error && error.message) return error.message;
  return i18n.t('errors.unknown');
}
