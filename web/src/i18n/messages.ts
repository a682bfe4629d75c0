// Messages and their formatting. A language is one JSON file under locales/: a flat object from
// key to message. A message is a string with `{name}` placeholders, or, when it depends on a
// number, an object from plural category to string (Intl.PluralRules of the language picks one):
//   "people": { "one": "{count} person", "other": "{count} people" }
// The category is chosen by the `count` parameter (cardinal: 1 person, 2 people), or by the
// `ordinal` parameter when the message's `other` form uses `{ordinal}` (1st, 2nd, 3rd).
// Numbers are written the language's way (Intl.NumberFormat).
import type english from './locales/en.json';

export type MessageKey = keyof typeof english;
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;
export type Messages = Readonly<Record<string, Message>>;
export type Params = Readonly<Record<string, string | number>>;

/** A message in the active language with its parameters filled in. */
export type Translate = (key: MessageKey, params?: Params) => string;

/** The plural rule type a plural message selects by: from the placeholder its `other` form uses. */
export function pluralType(message: PluralMessage): Intl.PluralRuleType {
  return message.other.includes('{ordinal}') ? 'ordinal' : 'cardinal';
}

/** Fills `{name}` placeholders; an unknown name stays as written, so a mistake shows. */
export function interpolate(text: string, params: Params | undefined, numbers: Intl.NumberFormat): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    return typeof value === 'number' ? numbers.format(value) : value;
  });
}

/** Makes the translator of one language from its messages. */
export function createTranslator(language: string, messages: Messages): Translate {
  const numbers = new Intl.NumberFormat(language);
  const rules = {
    cardinal: new Intl.PluralRules(language, { type: 'cardinal' }),
    ordinal: new Intl.PluralRules(language, { type: 'ordinal' }),
  };
  return (key, params) => {
    const message = Object.hasOwn(messages, key) ? messages[key] : undefined;
    if (message === undefined) return key;
    if (typeof message === 'string') return interpolate(message, params, numbers);
    const type = pluralType(message);
    const value = params?.[type === 'ordinal' ? 'ordinal' : 'count'];
    const category = typeof value === 'number' ? rules[type].select(value) : 'other';
    return interpolate(message[category] ?? message.other, params, numbers);
  };
}
