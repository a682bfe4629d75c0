// Checks on text typed by people, shared by the forms that refuse what the server refuses.

// The regular expressions below name control characters on purpose: they are what they refuse.
/* eslint-disable no-control-regex */

/** C0 controls, DEL and C1 controls. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Besides the controls, what the server refuses in a participant name: the Arabic letter mark
 * (U+061C), the Mongolian vowel separator (U+180E), zero-width and bidirectional marks
 * (U+200B-U+200F), bidirectional embeddings and overrides (U+202A-U+202E), the word joiner
 * (U+2060), bidirectional isolates (U+2066-U+2069) and the byte-order mark.
 */
const INVISIBLE_OR_CONTROL =
  /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;

/* eslint-enable no-control-regex */

export const hasControlCharacter = (text: string): boolean => CONTROL.test(text);

export const hasInvisibleOrControlCharacter = (text: string): boolean =>
  INVISIBLE_OR_CONTROL.test(text);
