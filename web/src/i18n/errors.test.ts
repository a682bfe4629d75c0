import { describe, expect, it } from 'vitest';

// The page stub comes first: api.ts reads the page's configuration when imported.
import '../lib/testing/pageStub';
import { ApiError } from '../lib/api';
import { ERROR_CODES, errorCodeText, errorText } from './errors';
import { english, i18nFor, LOCALE_FILES } from './testing';

describe('errorCodeText', () => {
  it('has a message for every code in every language', () => {
    for (const [language, messages] of Object.entries(LOCALE_FILES)) {
      for (const code of ERROR_CODES) expect(Object.hasOwn(messages, `errors.${code}`), `${language}: ${code}`).toBe(true);
    }
  });

  it('says how long to wait when the server said so', () => {
    expect(errorCodeText(english, 'too_many_requests', 1)).toBe('Too many attempts. Try again in 1 second.');
    expect(errorCodeText(english, 'too_many_requests', 30)).toBe('Too many attempts. Try again in 30 seconds.');
    expect(errorCodeText(english, 'too_many_requests')).toBe('Too many attempts. Wait a little, then try again.');
    expect(errorCodeText(i18nFor('fr'), 'too_many_requests', 1)).toBe('Trop de tentatives. Réessayez dans 1 seconde.');
  });
});

describe('errorText', () => {
  it('puts a known code into words in the person’s language, not the server’s English', () => {
    const error = new ApiError('Room is locked by its host', 423, 'room_locked');
    expect(errorText(english, error)).toBe('The host has locked this room: nobody new can join.');
    expect(errorText(i18nFor('de'), error)).toBe('Der Gastgeber hat den Raum gesperrt: Niemand kann mehr hinzukommen.');
    expect(errorText(english, new ApiError('slow down', 429, 'too_many_requests', 12))).toBe(
      'Too many attempts. Try again in 12 seconds.',
    );
  });

  it('asks to sign in when the server requires it for joining', () => {
    const error = new ApiError('Sign in to join meetings on this server', 401, 'sign_in_required');
    expect(errorText(english, error)).toBe('Sign in to join meetings on this server.');
    expect(errorText(i18nFor('fr'), error)).toBe('Connectez-vous pour rejoindre les réunions de ce serveur.');
    expect(errorText(i18nFor('de'), error)).toBe(
      'Melden Sie sich an, um an Besprechungen auf diesem Server teilzunehmen.',
    );
    expect(errorText(i18nFor('es'), error)).toBe('Inicia sesión para entrar en las reuniones de este servidor.');
    expect(errorText(i18nFor('nl'), error)).toBe('Meld je aan om deel te nemen aan vergaderingen op deze server.');
  });

  it('keeps the server’s words after a refused request, which name the value', () => {
    const region = new ApiError('region must be letters, digits and dashes', 400);
    expect(errorText(english, region)).toBe(
      'The server could not use this request. The server said: “region must be letters, digits and dashes”',
    );
    const invalid = new ApiError('roomName is too long', 400, 'invalid_parameter');
    expect(errorText(i18nFor('fr'), invalid)).toBe(
      'Une valeur de la requête n’est pas acceptée. Réponse du serveur : « roomName is too long »',
    );
    // A code alone (the server sent no message) is not repeated.
    expect(errorText(english, new ApiError('bad_request', 400, 'bad_request'))).toBe(
      'The server could not use this request.',
    );
  });

  it('says the server failed for a 5xx without a code', () => {
    expect(errorText(english, new ApiError('502 Bad Gateway', 502))).toBe(
      'Something went wrong on the server. Try again in a moment.',
    );
  });

  it('shows the server’s message for a code this build does not know', () => {
    expect(errorText(english, new ApiError('A new kind of refusal', 409, 'brand_new_code'))).toBe('A new kind of refusal');
  });

  it('covers the app’s own failures and anything else thrown', () => {
    expect(errorText(english, new ApiError('x', undefined, 'unreachable'))).toBe(
      'The server could not be reached. Check your connection and try again.',
    );
    expect(errorText(english, new Error('NotAllowedError'))).toBe('NotAllowedError');
    expect(errorText(english, 'a string')).toBe('Something went wrong.');
    expect(errorText(english, undefined)).toBe('Something went wrong.');
  });
});
