import type { Language, Localized } from './language.ts';
import { fieldMessages } from './field-messages.ts';
import { problemMessages } from './problem-messages.ts';
import { privacyMessages } from '../privacy/messages.ts';
import { caseLinkMessages } from './case-link-messages.ts';
import { identityMessages } from '../identity/messages.ts';
import { remittanceMessages } from '../remittances/messages.ts';
import { indicatorMessages } from '../indicators/messages.ts';

/**
 * Every sentence the API can say to a client, in the three languages of the mission.
 * Placeholders are `{name}`; values are inserted as given, so callers pass already localized text.
 */
const catalogue = {
  ...problemMessages,
  ...fieldMessages,
  ...privacyMessages,
  ...caseLinkMessages,
  ...identityMessages,
  ...remittanceMessages,
  ...indicatorMessages,
} as const satisfies Record<string, Localized>;

export type CatalogueKey = keyof typeof catalogue;
export type ProblemName = CatalogueKey extends infer K ? (K extends `problem.${infer N}.title` ? N : never) : never;
/** A bare `problem.X` is shorthand for its title, the form the brief and handlers name problems by. */
export type MessageKey = CatalogueKey | `problem.${ProblemName}`;
export type MessageParams = Record<string, string | number>;

export function hasMessage(key: string): key is MessageKey {
  return key in catalogue || `${key}.title` in catalogue;
}

export function t(key: MessageKey, lang: Language, params?: MessageParams): string {
  const entry: Localized | undefined =
    (catalogue as Record<string, Localized>)[key] ?? (catalogue as Record<string, Localized>)[`${key}.title`];
  if (!entry) throw new Error(`unknown message key ${key}`);
  return interpolate(entry[lang], params);
}

function interpolate(template: string, params: MessageParams | undefined): string {
  // An unknown placeholder stays visible rather than silently producing a half sentence.
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params?.[name];
    return value === undefined ? whole : String(value);
  });
}

export function problemTitle(name: ProblemName, lang: Language, params?: MessageParams): string {
  return t(`problem.${name}.title` as CatalogueKey, lang, params);
}

export function problemDetail(name: ProblemName, lang: Language, params?: MessageParams): string {
  return t(`problem.${name}.detail` as CatalogueKey, lang, params);
}
