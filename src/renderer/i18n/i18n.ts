/**
 * @file UI strings through i18next: one JSON file per shipped language (complete: a test
 * fails when a key or a plural form is missing), Arabic right to left. Dates and numbers
 * are formatted with Intl for the chosen locale (format.ts).
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import ar from './locales/ar.json';
import de from './locales/de.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';
import it from './locales/it.json';
import ja from './locales/ja.json';
import pt from './locales/pt.json';
import ru from './locales/ru.json';
import zhCN from './locales/zh-CN.json';

export const uiLanguages = {
  en: { name: 'English', strings: en },
  de: { name: 'Deutsch', strings: de },
  fr: { name: 'Français', strings: fr },
  es: { name: 'Español', strings: es },
  it: { name: 'Italiano', strings: it },
  pt: { name: 'Português', strings: pt },
  ru: { name: 'Русский', strings: ru },
  'zh-CN': { name: '简体中文', strings: zhCN },
  ja: { name: '日本語', strings: ja },
  ar: { name: 'العربية', strings: ar },
} as const;
export type UiLanguage = keyof typeof uiLanguages;

const rtl = new Set<string>(['ar']);

/** Where the UI language the user chose is kept (per browser / per app profile). */
export const languageKey = 'fotoglot.language';

/** Switches the UI language and remembers the choice. */
export async function chooseLanguage(lang: UiLanguage): Promise<void> {
  localStorage.setItem(languageKey, lang);
  await i18next.changeLanguage(lang);
}

/** The shipped language closest to a locale ("de-AT" → de, "zh" → zh-CN); English otherwise. */
export function closestLanguage(locale: string | undefined): UiLanguage {
  const lower = (locale ?? 'en').toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  const base = lower.split(/[-_]/)[0] ?? 'en';
  return base in uiLanguages ? (base as UiLanguage) : 'en';
}

/** The core's tag language for a UI language (tag names follow the UI). */
export const tagLanguageOf = (lang: UiLanguage) => (lang === 'zh-CN' ? 'zh' : lang);

/** Sets the document language and direction (Arabic is right to left). */
function applyDirection(lang: string): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = rtl.has(lang) ? 'rtl' : 'ltr';
}

export async function initI18n(
  lang: UiLanguage = closestLanguage(navigator.language),
): Promise<void> {
  i18next.on('languageChanged', applyDirection);
  await i18next.use(initReactI18next).init({
    lng: lang,
    fallbackLng: 'en',
    resources: Object.fromEntries(
      Object.entries(uiLanguages).map(([code, l]) => [code, { translation: l.strings }]),
    ),
    // Keys contain dots ("nav.library"): flat keys, no nesting.
    keySeparator: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyDirection(lang);
}

export { i18next };
