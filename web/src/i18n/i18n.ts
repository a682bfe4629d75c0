// What formatting code needs of the active language: its tag (for Intl) and its translator.
// Components get it from useI18n(); the pure modules of lib/ take it as a parameter.
import type { Translate } from './messages';

export interface I18n {
  /** The BCP 47 tag of the active language, for Intl. */
  language: string;
  t: Translate;
}

export type { MessageKey, Params, Translate } from './messages';
