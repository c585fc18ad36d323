// The most sensitive answers (health, trafficking, a child's situation) are marked in the forms,
// published as `x-sensitive`, and land on person items only under keys the adapters encrypt.
import { describe, expect, it } from 'vitest';
import { listForms, getForm, splitSubmission, toJsonSchema, validateSubmission } from '../../../domain/forms/index.ts';
import { walkProperties } from '../../../domain/forms/define.ts';
import { fromPointer } from '../../../domain/i18n/index.ts';

const allForms = () => listForms().map((summary) => getForm(summary.id, summary.version)!);

function at(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const token of fromPointer(pointer)) node = (node as Record<string, unknown> | undefined)?.[token];
  return node;
}

/** The body with `value` at `pointer`, or undefined when its parent is absent (a list item, an optional block). */
function withValue(body: unknown, pointer: string, value: string): Record<string, unknown> | undefined {
  const copy = structuredClone(body) as Record<string, unknown>;
  const tokens = fromPointer(pointer);
  const last = tokens.pop()!;
  const parent = at(copy, tokens.length ? `/${tokens.join('/')}` : '');
  if (!parent || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
  (parent as Record<string, unknown>)[last] = value;
  return copy;
}

describe('sensitive fields of the forms', () => {
  it('marks the protection referral’s account of the situation (medical details, trafficking) and the best-interests justification', () => {
    expect(getForm('protection-referral')!.sensitivePaths.sort()).toEqual([
      '/consent/bestInterestsJustification',
      '/vulnerability/details',
    ]);
  });

  it('marks the AVRR application’s medical description and its free text on vulnerabilities and reasons for return', () => {
    expect(getForm('avrr-application')!.sensitivePaths.sort()).toEqual([
      '/medicalDescription',
      '/returnReasons/details',
      '/vulnerabilities/otherDetails',
    ]);
  });

  it('marks nothing in the forms that ask nothing about health or exploitation', () => {
    for (const id of ['diaspora-expert-registration', 'skilled-return-application', 'youth-enrolment', 'association-capacity-assessment'])
      expect(getForm(id)!.sensitivePaths, id).toEqual([]);
  });

  it('publishes the marker in the JSON Schema (x-sensitive on the field, x-sensitive-data at the root)', () => {
    const schema = toJsonSchema(getForm('protection-referral')!, 'en');
    const marked: string[] = [];
    walkProperties(schema, '', (node, pointer) => {
      if (node['x-sensitive'] === true) marked.push(pointer);
    });
    expect(marked.sort()).toEqual(['/consent/bestInterestsJustification', '/vulnerability/details']);
    expect(schema['x-sensitive-data']).toEqual(getForm('protection-referral')!.sensitivePaths);
  });

  it('keeps every sensitive path within the personal data the form declares', () => {
    for (const form of allForms())
      for (const path of form.sensitivePaths)
        expect(
          form.personalDataPaths.some((personal) => path === personal || path.startsWith(`${personal}/`)),
          `${form.id} ${path}`,
        ).toBe(true);
  });

  it('puts every sensitive answer only under a person’s sensitive keys or in a case note: never in other keys, nor in the case facts', () => {
    let checked = 0;
    for (const form of allForms()) {
      for (const [index, example] of form.examples.entries()) {
        for (const path of form.sensitivePaths) {
          const marker = `SENSITIVE ${form.id} ${index} ${path}`;
          const body = withValue(example, path, marker);
          if (!body || !validateSubmission(form, body).ok) continue;
          const split = splitSubmission(form, body);
          expect(JSON.stringify(split.facts), `${form.id} ${path} in facts`).not.toContain(marker);
          const holders = split.persons.flatMap((person) =>
            Object.entries(person.data)
              .filter(([, value]) => JSON.stringify(value).includes(marker))
              .map(([key]) => ({ key, sensitive: person.sensitive ?? [] })),
          );
          // A justification of a legal basis other than consent goes to a case note (sealed whole), not a person.
          const justifications = Object.values(form.legalBasis ?? {}).flatMap((declared) =>
            declared && 'withoutConsent' in declared && declared.withoutConsent?.justifiedBy ? [declared.withoutConsent.justifiedBy] : [],
          );
          if (justifications.includes(path)) {
            expect(holders, `${form.id} ${path} is a case note, not on a person`).toEqual([]);
            checked++;
            continue;
          }
          expect(holders.length, `${form.id} ${path} stored on a person`).toBeGreaterThan(0);
          for (const holder of holders) expect(holder.sensitive, `${form.id} ${path} under ${holder.key}`).toContain(holder.key);
          checked++;
        }
      }
    }
    // Each of the five sensitive answers, in at least one example of its form.
    expect(checked).toBeGreaterThanOrEqual(5);
  });
});
