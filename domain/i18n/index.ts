export { LANGUAGES, DEFAULT_LANGUAGE, isLanguage, negotiateLanguage } from './language.ts';
export type { Language, Localized } from './language.ts';
export { t, hasMessage, problemTitle, problemDetail } from './messages.ts';
export type { MessageKey, CatalogueKey, ProblemName, MessageParams } from './messages.ts';
export { localizeIssues, toPointer, fromPointer, wildcardPointer } from './issues.ts';
export type { FieldError, LabelLookup, IssuePath } from './issues.ts';
