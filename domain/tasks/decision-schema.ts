// A step's decision as the console renders it: JSON Schema (draft 2020-12) generated from the
// step's zod schema, in the caller's language. The idiom is the one generic form renderers read
// (react-jsonschema-form, JSON Forms): every field has a `title` (and a `description` where it
// needs one); every option of a closed list is a `oneOf` branch `{const, title}` instead of a bare
// `enum`; every branch of a union (an outcome and its fields) has the `title` of its outcome. The
// labels are the step's own (`x-labels`/`x-help`, kept trilingual) or else decision-labels.ts.
import { generateJsonSchema, type JsonSchema } from '../forms/define.ts';
import type { Language, Localized } from '../i18n/index.ts';
import { decisionField, decisionOption } from './decision-labels.ts';
import type { StepDefinition } from './step-definition.ts';

const cache = new Map<string, JsonSchema>();

/** The decision schema of a step in one language, with its examples; generated once per step and language. */
export function decisionJsonSchema(step: StepDefinition, language: Language): JsonSchema {
  const key = `${step.step}:${language}`;
  let document = cache.get(key);
  if (!document) {
    const { $schema, ...body } = generateJsonSchema(step.decision);
    const localized = localizeNode(body, language, undefined);
    document = { $schema, title: step.title[language], ...localized, examples: step.examples };
    cache.set(key, document);
  }
  return structuredClone(document);
}

/**
 * The same labelling for any generated schema whose fields carry their own `x-labels` (the intake
 * forms): every option of a closed list a titled `oneOf` branch, every union branch titled.
 */
export function labelOptions(schema: JsonSchema, language: Language): JsonSchema {
  return localizeNode(schema, language, undefined);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function localizedOf(value: unknown): Localized | undefined {
  if (!isRecord(value)) return undefined;
  const { fr, ar, en } = value;
  return typeof fr === 'string' && typeof ar === 'string' && typeof en === 'string' ? { fr, ar, en } : undefined;
}

type Scalar = string | number | boolean;
const isScalar = (value: unknown): value is Scalar => ['string', 'number', 'boolean'].includes(typeof value);

/**
 * Localizes one schema node; `property` is the name of the property it describes (or whose items
 * or options it describes), which names its options. Returns a new node.
 */
function localizeNode(node: JsonSchema, language: Language, property: string | undefined): JsonSchema {
  const out: JsonSchema = { ...node };
  // A closed list: one branch per option, each with its label.
  if (Array.isArray(out.enum) && out.enum.every(isScalar)) {
    const options = out.enum;
    delete out.enum;
    out.oneOf = options.map((value) => optionBranch(value, property, language));
  }
  if (isRecord(out.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([name, child]) => [name, isRecord(child) ? localizeField(child, name, language) : child]),
    );
  }
  if (isRecord(out.items)) out.items = localizeNode(out.items, language, property);
  if (isRecord(out.additionalProperties)) out.additionalProperties = localizeNode(out.additionalProperties, language, property);
  if (isRecord(out.propertyNames)) out.propertyNames = localizeNode(out.propertyNames, language, property);
  for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = out[keyword];
    if (!Array.isArray(branches)) continue;
    out[keyword] = (branches as unknown[]).map((branch): unknown => {
      if (!isRecord(branch)) return branch;
      if (isScalar(branch.const) && branch.title === undefined) {
        const title = optionTitle(branch.const, property, language);
        return title !== undefined ? { ...branch, title } : branch;
      }
      const localized = localizeNode(branch, language, property);
      const title = keyword === 'allOf' ? undefined : outcomeTitle(localized, language);
      return title !== undefined && localized.title === undefined ? { title, ...localized } : localized;
    });
  }
  return out;
}

/** A property: its own trilingual label if the step gave one, else the catalogue's. */
function localizeField(node: JsonSchema, name: string, language: Language): JsonSchema {
  const own = localizedOf(node['x-labels']);
  const ownHelp = localizedOf(node['x-help']);
  const catalogued = decisionField(name);
  const label = own ?? catalogued?.label;
  const help = ownHelp ?? (own ? undefined : catalogued?.help);
  const localized = localizeNode(node, language, name);
  // A description the schema carries without a translation (a zod `.meta({ description })`) is
  // never shown as is: the catalogue's help replaces it, or it goes.
  delete localized.description;
  return {
    ...localized,
    ...(label ? { title: label[language] } : {}),
    ...(help ? { description: help[language] } : {}),
  };
}

function optionTitle(value: Scalar, property: string | undefined, language: Language): string | undefined {
  return decisionOption(property, value)?.[language];
}

function optionBranch(value: Scalar, property: string | undefined, language: Language): JsonSchema {
  const title = optionTitle(value, property, language);
  return { const: value, ...(title !== undefined ? { title } : {}) };
}

/** The title of a union's object branch: the labels of the fixed values that pick it (its outcome). */
function outcomeTitle(branch: JsonSchema, language: Language): string | undefined {
  if (!isRecord(branch.properties)) return undefined;
  const titles: string[] = [];
  for (const [name, child] of Object.entries(branch.properties)) {
    if (!isRecord(child)) continue;
    if (typeof child.const === 'string') {
      const title = optionTitle(child.const, name, language);
      if (title !== undefined) titles.push(title);
    }
  }
  return titles.length > 0 ? titles.join(' — ') : undefined;
}
