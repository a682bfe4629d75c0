import { describe, expect, it } from 'vitest';
import { BUDGETS, overBudget } from './budget.mjs';

const KIB = 1024;

describe('overBudget', () => {
  it('passes bundles within their budgets', () => {
    expect(
      overBudget([
        { name: 'index-Ab12.js', bytes: 70 * KIB },
        { name: 'index-Cd34.css', bytes: 9 * KIB },
        { name: 'meeting-Ef56.js', bytes: 170 * KIB },
        { name: 'LobbyPage-Gh78.js', bytes: 4 * KIB },
        { name: 'aurora-Ij90.jpg', bytes: 900 * KIB },
      ]),
    ).toEqual([]);
  });

  it('sums the entry files, which every page loads', () => {
    const problems = overBudget([
      { name: 'index-Ab12.js', bytes: 80 * KIB },
      { name: 'index-Cd34.css', bytes: 8 * KIB },
    ]);
    expect(problems).toEqual(['entry (JavaScript and CSS of every page): 88.0 KiB, budget 87.0 KiB']);
  });

  it('names each bundle over its own budget, and any unknown chunk gets the small one', () => {
    const problems = overBudget([
      { name: 'meeting-Ef56.js', bytes: 201 * KIB },
      { name: 'backgroundEngine-Xy.js', bytes: 44 * KIB },
      { name: 'Settings-Zz.js', bytes: 17 * KIB },
    ]);
    expect(problems).toEqual([
      'meeting-Ef56.js (meeting pages): 201.0 KiB, budget 200.0 KiB',
      'Settings-Zz.js (any other chunk): 17.0 KiB, budget 16.0 KiB',
    ]);
  });

  it('budgets no more than the page goals allow (the HTML, small chunks and heads come on top)', () => {
    const budget = (group) => BUDGETS.find((b) => b.group.startsWith(group)).bytes;
    expect(budget('entry')).toBeLessThanOrEqual(90 * KIB);
    expect(budget('entry') + budget('meeting')).toBeLessThanOrEqual(300 * KIB);
  });
});
