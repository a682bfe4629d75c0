// A display name as the pre-join screen checks it before joining, as the server does.
import type { I18n } from '../i18n/i18n';
import { hasInvisibleOrControlCharacter } from './text';

/** What is wrong with a display name (after trimming). */
export type NameProblem = 'empty' | 'invisible';

/** What is wrong with a display name (after trimming), or undefined. */
export function participantNameProblem(name: string): NameProblem | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'empty';
  // Control characters and invisible marks (text.ts), as the server refuses them.
  if (hasInvisibleOrControlCharacter(trimmed)) return 'invisible';
  return undefined;
}

/** What a name problem means for a person. */
export function nameProblemText({ t }: I18n, problem: NameProblem): string {
  return problem === 'empty' ? t('prejoin.nameEmpty') : t('prejoin.nameInvisible');
}

/** Why a display name cannot be used (after trimming), or undefined. */
export function checkParticipantName(i18n: I18n, name: string): string | undefined {
  const problem = participantNameProblem(name);
  return problem && nameProblemText(i18n, problem);
}
