// What the forms endpoints publish: summaries and one form's document, in the caller's language.
import { listForms, privacyNotice, toJsonSchema, type FormDefinition, type NoticeConfig } from '../../domain/forms/index.ts';
import type { Language } from '../../domain/i18n/index.ts';

export function formSummaries(language: Language) {
  const all = listForms();
  return all
    .filter((form) => form.latest)
    .map((form) => ({
      id: form.id,
      version: form.version,
      versions: all
        .filter((other) => other.id === form.id)
        .map((other) => other.version)
        .sort((a, b) => a - b),
      ...retiredVersionsOf(all, form.id),
      programme: form.programme,
      ...(form.submittedBy ? { submittedBy: form.submittedBy } : {}),
      title: form.title[language],
      description: form.description[language],
      titles: form.title,
      href: `/forms/${form.id}`,
    }));
}

export function formDocument(form: FormDefinition, language: Language, notice: NoticeConfig) {
  const latest = Math.max(
    ...listForms()
      .filter((other) => other.id === form.id)
      .map((other) => other.version),
  );
  return {
    id: form.id,
    version: form.version,
    latestVersion: latest,
    // A superseded version: readable, but a submission on it is refused (410, naming the latest).
    ...(form.retired ? { retired: true as const } : {}),
    programme: form.programme,
    ...(form.submittedBy ? { submittedBy: form.submittedBy } : {}),
    title: form.title[language],
    description: form.description[language],
    language,
    // An association's form: its own staff submit it (mission staff too, on its behalf:
    // /associations/{associationId}/forms/{formId}/submissions); the public route refuses it.
    submitTo: `${form.submittedBy === 'association' ? '/partner' : ''}/forms/${form.id}/submissions?version=${form.version}`,
    schema: toJsonSchema(form, language),
    notice: privacyNotice(form, notice, language),
  };
}

function retiredVersionsOf(all: ReturnType<typeof listForms>, id: string): { retiredVersions?: number[] } {
  const retired = all
    .filter((other) => other.id === id && other.retired)
    .map((other) => other.version)
    .sort((a, b) => a - b);
  return retired.length > 0 ? { retiredVersions: retired } : {};
}
