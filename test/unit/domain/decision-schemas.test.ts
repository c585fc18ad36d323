// Every decision schema of every programme, in each language, is something a generic form renderer
// can show without a raw code: a title on every field, a titled `oneOf` branch for every option of a
// closed list (no bare `enum`), a title on every branch of a union (its outcome); under Arabic, every
// label and help text in Arabic (never the English one, save the documented exceptions).
import { describe, expect, it } from 'vitest';
import { allSteps } from '../../../domain/tasks/steps.ts';
import { decisionJsonSchema } from '../../../domain/tasks/decision-schema.ts';
import { SAME_IN_ARABIC_AS_IN_ENGLISH } from '../../../domain/tasks/decision-labels.ts';
import { LANGUAGES } from '../../../domain/i18n/index.ts';
import { getForm, listForms, toJsonSchema } from '../../../domain/forms/index.ts';

type Node = Record<string, unknown>;
const isRecord = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every text a renderer shows, by where it is, and every hole: a field or an option without its label. */
function texts(schema: Node): { shown: Map<string, string>; holes: string[] } {
  const shown = new Map<string, string>();
  const holes: string[] = [];
  const note = (path: string, node: Node, required: boolean) => {
    if (typeof node.title === 'string' && node.title.trim() !== '') shown.set(`${path}#title`, node.title);
    else if (required) holes.push(path);
    if (typeof node.description === 'string') shown.set(`${path}#description`, node.description);
  };
  const walk = (node: Node, path: string) => {
    if ('enum' in node) holes.push(`${path} (bare enum)`);
    if (isRecord(node.properties))
      for (const [name, child] of Object.entries(node.properties)) {
        if (!isRecord(child)) continue;
        note(`${path}/${name}`, child, true);
        walk(child, `${path}/${name}`);
      }
    for (const keyword of ['items', 'additionalProperties', 'propertyNames'] as const) {
      const child = node[keyword];
      if (isRecord(child)) walk(child, `${path}/${keyword}`);
    }
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const branches = node[keyword];
      if (!Array.isArray(branches)) continue;
      branches.forEach((branch, i) => {
        if (!isRecord(branch)) return;
        const where = `${path}/${keyword}/${i}${'const' in branch ? `=${String(branch.const)}` : ''}`;
        // An option, or a branch picked by its outcome, needs its label; a bare type branch does not.
        const picked =
          'const' in branch ||
          (isRecord(branch.properties) &&
            Object.values(branch.properties).some((p) => isRecord(p) && 'const' in p && typeof p.const === 'string'));
        note(where, branch, picked);
        walk(branch, where);
      });
    }
  };
  note('', schema, true);
  walk(schema, '');
  return { shown, holes };
}

const ARABIC = /[\u0600-\u06FF]/;

describe('decision schemas, in every language', () => {
  const steps = allSteps();

  it('cover every step of every programme', () => {
    expect(steps.length).toBeGreaterThan(40);
  });

  for (const language of LANGUAGES) {
    it(`label every field and every option in ${language}`, () => {
      const holes = steps.flatMap((step) => texts(decisionJsonSchema(step, language)).holes.map((hole) => `${step.step}${hole}`));
      expect(holes).toEqual([]);
    });
  }

  it('say everything in Arabic under ar: nothing left as the English text', () => {
    const allowed = new Set(SAME_IN_ARABIC_AS_IN_ENGLISH);
    const english: string[] = [];
    for (const step of steps) {
      const { shown: ar } = texts(decisionJsonSchema(step, 'ar'));
      const { shown: en } = texts(decisionJsonSchema(step, 'en'));
      for (const [where, text] of ar) {
        if (allowed.has(text)) continue;
        if (text === en.get(where) || !ARABIC.test(text)) english.push(`${step.step}${where}: ${text}`);
      }
    }
    expect(english).toEqual([]);
  });

  it('keep the examples and validate the same decisions (options as oneOf of const)', () => {
    const screening = steps.find((step) => step.step === 'screening')!;
    const schema = decisionJsonSchema(screening, 'fr');
    expect(schema.title).toBe("Examen d'éligibilité et conseil");
    expect(schema.examples).toEqual(screening.examples);
    const json = JSON.stringify(schema);
    expect(json).toContain('{"const":"proof-of-nationality","title":"Preuve de nationalité"}');
    expect(json).toContain('"title":"Éligible"');
  });
});

describe('intake forms, in every language', () => {
  const forms = listForms().map((summary) => getForm(summary.id, summary.version)!);

  it('label every field and every option (no bare enum), in Arabic under ar', () => {
    const holes: string[] = [];
    const english: string[] = [];
    for (const form of forms) {
      const where = `${form.id}@${form.version}`;
      for (const language of LANGUAGES)
        holes.push(...texts(toJsonSchema(form, language)).holes.map((hole) => `${where} ${language}${hole}`));
      const { shown: ar } = texts(toJsonSchema(form, 'ar'));
      const { shown: en } = texts(toJsonSchema(form, 'en'));
      for (const [path, text] of ar) if (text === en.get(path) || !ARABIC.test(text)) english.push(`${where}${path}: ${text}`);
    }
    expect(holes).toEqual([]);
    expect(english).toEqual([]);
  });

  it('offer a sex as options with their labels', () => {
    const json = JSON.stringify(toJsonSchema(getForm('avrr-application')!, 'ar'));
    expect(json).toContain('{"const":"female","title":"أنثى"}');
  });
});
