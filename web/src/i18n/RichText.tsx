import * as React from 'react';

/**
 * A translated message whose `{placeholders}` are elements (a name in bold, a link): the words
 * around them stay the language's, in its order.
 */
export function withElements(text: string, elements: Readonly<Record<string, React.ReactNode>>): React.ReactNode[] {
  return text.split(/\{(\w+)\}/).map((part, index) =>
    index % 2 === 0 ? (
      part
    ) : (
      <React.Fragment key={index}>{Object.hasOwn(elements, part) ? elements[part] : `{${part}}`}</React.Fragment>
    ),
  );
}
