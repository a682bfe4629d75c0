import { describe, expect, it } from 'vitest';
import { english, i18nFor } from '../i18n/testing';
import { BackgroundEffectError, backgroundFailureText } from './backgroundEffects';

describe('backgroundFailureText', () => {
  it('says why the preview lost its effect, with the browser’s reason', () => {
    expect(backgroundFailureText(english, new Error('WebGL lost'), true)).toBe(
      'The background effect could not start: WebGL lost',
    );
  });

  it('says why the camera in the meeting lost its effect', () => {
    expect(backgroundFailureText(english, new BackgroundEffectError('unsupported'), false)).toBe(
      'This browser cannot apply background effects.',
    );
    expect(backgroundFailureText(english, new BackgroundEffectError('engine', 'no GPU'), false)).toBe(
      'Background effects could not start: no GPU',
    );
    expect(backgroundFailureText(english, new Error('track ended'), false)).toBe('track ended');
  });

  it('keeps an English message on the error itself, and speaks the page’s language', () => {
    const error = new BackgroundEffectError('engine', 'no GPU');
    expect(error.message).toBe('Background effects could not start: no GPU');
    expect(backgroundFailureText(i18nFor('de'), error, false)).toBe(
      'Die Hintergrundeffekte konnten nicht gestartet werden: no GPU',
    );
  });
});
