import * as z from 'zod';
import type { Language, Localized } from '../i18n/index.ts';
import type { FieldInfo, FormDefinition, SubmissionSplit } from './types.ts';

export type JsonSchema = Record<string, unknown>;

/**
 * Generated once per schema: zod's toJSONSchema costs milliseconds for a large form, and a form's
 * schema never changes in a running process (every submission derives its notice from it).
 */
const generated = new WeakMap<z.ZodType, JsonSchema>();

function sharedJsonSchema(schema: z.ZodType): JsonSchema {
  let json = generated.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
    generated.set(schema, json);
  }
  return json;
}

/** JSON Schema of what a client sends (the input side: optional fields really are optional). A copy of its own, free to change. */
export function generateJsonSchema(schema: z.ZodType): JsonSchema {
  return structuredClone(sharedJsonSchema(schema));
}

/** The top-level properties of a schema's JSON Schema, and which of them it requires (read-only, not copied). */
export function topLevelProperties(schema: z.ZodType): { properties: string[]; required: ReadonlySet<string> } {
  const json = sharedJsonSchema(schema);
  return {
    properties: Object.keys((json.properties as Record<string, unknown> | undefined) ?? {}),
    required: new Set(Array.isArray(json.required) ? (json.required as string[]) : []),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapeToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Visits every property schema with its field pointer: object properties add their key, array
 * items add '*', and union branches keep the pointer of the union itself.
 */
export function walkProperties(node: unknown, pointer: string, visit: (node: JsonSchema, pointer: string) => void): void {
  if (!isRecord(node)) return;
  if (isRecord(node.properties)) {
    for (const [key, child] of Object.entries(node.properties)) {
      const childPointer = `${pointer}/${escapeToken(key)}`;
      if (isRecord(child)) visit(child, childPointer);
      walkProperties(child, childPointer, visit);
    }
  }
  if (isRecord(node.items)) {
    visit(node.items, `${pointer}/*`);
    walkProperties(node.items, `${pointer}/*`, visit);
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = node[keyword];
    if (Array.isArray(branches)) for (const branch of branches) walkProperties(branch, pointer, visit);
  }
}

function localized(value: unknown): Localized | undefined {
  if (!isRecord(value)) return undefined;
  const { fr, ar, en } = value;
  return typeof fr === 'string' && typeof ar === 'string' && typeof en === 'string' ? { fr, ar, en } : undefined;
}

export function fieldsOf(schema: z.ZodType): Record<string, FieldInfo> {
  const fields: Record<string, FieldInfo> = {};
  walkProperties(sharedJsonSchema(schema), '', (node, pointer) => {
    const label = localized(node['x-labels']);
    if (!label) return;
    const help = localized(node['x-help']);
    fields[pointer] = help ? { label, help } : { label };
  });
  return fields;
}

/** The pointers of the fields marked `sensitive` (`x-sensitive: true` in the JSON Schema). */
export function sensitivePathsOf(schema: z.ZodType): string[] {
  const paths: string[] = [];
  walkProperties(sharedJsonSchema(schema), '', (node, pointer) => {
    if (node['x-sensitive'] === true) paths.push(pointer);
  });
  return paths;
}

/** Adds human titles in one language next to the trilingual labels already carried by the schema. */
export function localizeJsonSchema(schema: JsonSchema, lang: Language): JsonSchema {
  walkProperties(schema, '', (node) => {
    const label = localized(node['x-labels']);
    if (label) node.title = label[lang];
    const help = localized(node['x-help']);
    if (help) node.description = help[lang];
  });
  return schema;
}

export interface FormSpec<S extends z.ZodType> extends Omit<FormDefinition, 'schema' | 'fields' | 'examples' | 'split' | 'sensitivePaths'> {
  schema: S;
  /** Typed as the schema's input so an example that drifts from the schema fails to compile. */
  examples: [z.input<S>, ...z.input<S>[]];
  split(submission: z.output<S>): SubmissionSplit;
}

export function defineForm<S extends z.ZodType>(spec: FormSpec<S>): FormDefinition {
  const { schema, ...rest } = spec;
  return {
    ...rest,
    schema,
    fields: fieldsOf(schema),
    sensitivePaths: sensitivePathsOf(schema),
    split: (submission: unknown) => spec.split(schema.parse(submission)),
  };
}
