import * as React from 'react';
import { config } from './config';

/** Sets the page's title: the given parts, then the product name ("Lobby · LiveKit Meet"). */
export function useDocumentTitle(...parts: string[]) {
  const title = [...parts, config.brand.productName].join(' · ');
  React.useEffect(() => {
    document.title = title;
  }, [title]);
}
