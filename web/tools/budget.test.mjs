import { describe, expect, it } from 'vitest';
import { BUDGETS, overBudget } from './budget.mjs';

const KIB = 1024;

describe('overBudget', () => {
  it('passes bundles within their budgets', () => {
    expect(
      overBudget([
        { name: 'index-Ab12.js', bytes: 70 * KIB },
        { name: 'index-Cd34.css', bytes: 7 * KIB },
        { name: 'locale-en-pages-Qr78.js', bytes: 3 * KIB },
        { name: 'locale-en-meeting-St90.js', bytes: 6 * KIB },
        { name: 'meeting-Ef56.js', bytes: 170 * KIB },
        { name: 'LobbyPage-Gh78.js', bytes: 4 * KIB },
        { name: 'aurora-Ij90.jpg', bytes: 900 * KIB },
      ]),
    ).toEqual([]);
  });

  it('sums the entry files, which every page loads', () => {
    const problems = overBudget([
      { name: 'index-Ab12.js', bytes: 72 * KIB },
      { name: 'index-Cd34.css', bytes: 7 * KIB },
    ]);
    expect(problems).toEqual(['entry (JavaScript and CSS of every page): 79.0 KiB, budget 78.0 KiB']);
  });

  it('names each bundle over its own budget, and any unknown chunk gets the small one', () => {
    const problems = overBudget([
      { name: 'meeting-Ef56.js', bytes: 201 * KIB },
      { name: 'locale-fr-pages-Kl12.js', bytes: 6 * KIB },
      { name: 'locale-de-pages-Mn34.js', bytes: 4 * KIB },
      { name: 'locale-pt-BR-meeting-Op56.js', bytes: 9 * KIB },
      { name: 'backgroundEngine-Xy.js', bytes: 44 * KIB },
      { name: 'Settings-Zz.js', bytes: 17 * KIB },
    ]);
    expect(problems).toEqual([
      'meeting-Ef56.js (meeting pages): 201.0 KiB, budget 200.0 KiB',
      'locale-fr-pages-Kl12.js (one language, pages): 6.0 KiB, budget 5.0 KiB',
      'Settings-Zz.js (any other chunk): 17.0 KiB, budget 16.0 KiB',
    ]);
  });

  it('budgets no more than the page goals allow (the HTML, small chunks and heads come on top)', () => {
    const budget = (group) => BUDGETS.find((b) => b.group.startsWith(group)).bytes;
    const pages = budget('entry') + budget('one language, pages');
    expect(pages).toBeLessThanOrEqual(90 * KIB);
    expect(pages + budget('meeting') + budget('one language, meeting')).toBeLessThanOrEqual(300 * KIB);
  });
});
