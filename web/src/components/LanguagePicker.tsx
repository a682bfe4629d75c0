import { useI18n } from '../i18n/I18n';
import { LANGUAGES, languageName } from '../i18n/language';

/** The language picker: every language there is a translation for, each named in itself. */
export function LanguagePicker({ className }: { className?: string }) {
  const { language, setLanguage, t } = useI18n();
  return (
    <label className={`lkm-language ${className ?? ''}`}>
      <span className="lkm-visually-hidden">{t('language.label')}</span>
      <select
        value={language}
        onChange={(event) => setLanguage(event.target.value)}
        title={t('language.label')}
        data-testid="language-picker"
      >
        {LANGUAGES.map((tag) => (
          <option key={tag} value={tag} lang={tag}>
            {languageName(tag)}
          </option>
        ))}
      </select>
    </label>
  );
}
