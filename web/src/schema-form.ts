// Renders a form from its JSON Schema (as GET /forms/{formId} publishes it) and builds the JSON
// document back from what was typed. The answers live in a model keyed by JSON Pointer, not in the
// DOM: switching language re-renders every label and keeps every answer.
import { h, idFor } from './dom.ts';
import { t, type Language } from './i18n.ts';
import type { FieldError } from './api.ts';

type Localized = Partial<Record<Language, string>>;

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  'x-labels'?: Localized;
  'x-help'?: Localized;
  'x-descriptions'?: Localized;
  /** Enum options' labels, when the API gives them: per code, one string or one per language. */
  'x-enum-labels'?: Record<string, string | Localized>;
  'x-enumLabels'?: Record<string, string | Localized>;
  'x-enum-descriptions'?: Record<string, string | Localized>;
  examples?: unknown[];
}

export interface FormState {
  values: Record<string, unknown>;
  counts: Record<string, number>;
}

interface RenderedField {
  pointer: string;
  /** Where the error text goes, and the controls it describes. */
  error: HTMLElement;
  controls: HTMLElement[];
  label: string;
}

/** An answer as the text a control shows. */
const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';

const isObject = (schema: JsonSchema) => schema.type === 'object' || schema.properties !== undefined;

export function labelOf(schema: JsonSchema, language: Language, fallback: string): string {
  return schema['x-labels']?.[language] ?? schema.title ?? fallback;
}

function helpOf(schema: JsonSchema, language: Language): string | undefined {
  return schema['x-help']?.[language] ?? schema.description;
}

export function enumLabel(schema: JsonSchema, code: string, language: Language): string {
  const labels = schema['x-enum-labels'] ?? schema['x-enumLabels'];
  const label = labels?.[code];
  if (typeof label === 'string') return label;
  return label?.[language] ?? label?.fr ?? code;
}

/** A closed list as the API labels it: a `oneOf` whose every branch is `{const, title}`. */
const isOptionList = (branches: JsonSchema[]): boolean =>
  branches.length > 0 && branches.every((branch) => branch.const !== undefined && branch.properties === undefined);

/**
 * The schema with every titled option list (`oneOf: [{const, title}]`, docs/web-client-api.md) read
 * as an `enum` with its labels, so that one renderer serves both spellings of a closed list.
 */
export function normaliseSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (schema.oneOf && isOptionList(schema.oneOf)) {
    delete out.oneOf;
    out.enum = schema.oneOf.map((branch) => branch.const);
    out['x-enum-labels'] = {
      ...Object.fromEntries(schema.oneOf.map((branch) => [text(branch.const), branch.title ?? text(branch.const)])),
      ...(schema['x-enum-labels'] ?? {}),
    };
  } else if (schema.oneOf) out.oneOf = schema.oneOf.map(normaliseSchema);
  if (schema.properties)
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([name, child]) => [name, normaliseSchema(child)]));
  if (schema.items) out.items = normaliseSchema(schema.items);
  return out;
}

export class SchemaForm {
  private fields = new Map<string, RenderedField>();
  private readonly schema: JsonSchema;

  constructor(
    schema: JsonSchema,
    readonly state: FormState,
    private readonly onChange: () => void,
  ) {
    this.schema = normaliseSchema(schema);
  }

  /** The whole form in `language`, filled from the model. */
  render(language: Language): HTMLElement {
    this.fields.clear();
    const root = h('div', { class: 'schema-form' });
    root.append(...this.objectChildren(this.schema, '', language));
    root.addEventListener('input', (event) => this.capture(event));
    root.addEventListener('change', (event) => this.capture(event));
    return root;
  }

  /** The JSON document to submit. */
  value(): unknown {
    return this.build(this.schema, '', true) ?? {};
  }

  /** Puts each error next to its field (the nearest rendered one); returns them with the field's id. */
  showErrors(errors: FieldError[]): { message: string; label?: string; targetId?: string }[] {
    for (const field of this.fields.values()) {
      field.error.textContent = '';
      field.error.hidden = true;
      for (const control of field.controls) control.removeAttribute('aria-invalid');
    }
    return errors.map((error) => {
      const field = this.nearestField(error.pointer);
      if (!field) return { message: error.message };
      field.error.hidden = false;
      field.error.textContent = field.error.textContent ? `${field.error.textContent} ${error.message}` : error.message;
      for (const control of field.controls) control.setAttribute('aria-invalid', 'true');
      return { message: error.message, label: field.label, targetId: field.controls[0]?.id };
    });
  }

  private nearestField(pointer: string): RenderedField | undefined {
    let current = pointer;
    while (current !== '') {
      const field = this.fields.get(current);
      if (field) return field;
      current = current.slice(0, current.lastIndexOf('/'));
    }
    return undefined;
  }

  private capture(event: Event): void {
    const target = event.target;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement)) return;
    const pointer = target.dataset.pointer;
    if (pointer === undefined) return;
    const kind = target.dataset.kind;
    if (kind === 'boolean' && target instanceof HTMLInputElement) this.state.values[pointer] = target.checked;
    else if (kind === 'multi' && target instanceof HTMLInputElement) {
      const chosen = new Set((this.state.values[pointer] as string[] | undefined) ?? []);
      if (target.checked) chosen.add(target.value);
      else chosen.delete(target.value);
      this.state.values[pointer] = [...chosen];
    } else if (kind === 'branch') {
      this.state.values[`${pointer}#`] = Number(target.value);
      this.rerender?.();
    } else this.state.values[pointer] = target.value;
    this.onChange();
  }

  /** Set by the page: re-render the whole form (a branch or a repeated group changed shape). */
  rerender?: () => void;

  private objectChildren(schema: JsonSchema, pointer: string, language: Language): HTMLElement[] {
    const required = new Set(schema.required ?? []);
    return Object.entries(schema.properties ?? {}).map(([name, child]) =>
      this.field(child, `${pointer}/${name}`, required.has(name), language, name),
    );
  }

  private field(schema: JsonSchema, pointer: string, required: boolean, language: Language, name: string): HTMLElement {
    const label = labelOf(schema, language, name);
    const help = helpOf(schema, language);
    const id = idFor('f', pointer);
    const helpId = help ? idFor('h', pointer) : undefined;
    const errorId = idFor('e', pointer);
    const error = h('p', { id: errorId, class: 'field-error', hidden: true });
    const describedBy = [helpId, errorId].filter(Boolean).join(' ');
    const requiredMark = required ? h('span', { class: 'required' }, ` ${t('required', language)}`) : null;
    const helpText = help && helpId ? h('p', { id: helpId, class: 'help' }, help) : null;
    const register = (controls: HTMLElement[]) => this.fields.set(pointer, { pointer, error, controls, label });

    if (schema.oneOf) return this.variants(schema, pointer, language, label, error, register);
    if (isObject(schema)) {
      return h(
        'fieldset',
        { class: 'group' },
        h('legend', {}, label, requiredMark),
        helpText,
        ...this.objectChildren(schema, pointer, language),
      );
    }
    if (schema.type === 'array' && schema.items) {
      const items = schema.items;
      if (items.enum) {
        const chosen = new Set((this.state.values[pointer] as string[] | undefined) ?? []);
        const boxes = items.enum.map(String).map((code, i) => {
          const box = h('input', {
            type: 'checkbox',
            id: `${id}-${i}`,
            value: code,
            'data-pointer': pointer,
            'data-kind': 'multi',
            'aria-describedby': describedBy,
          });
          box.checked = chosen.has(code);
          return { box, code };
        });
        register(boxes.map(({ box }) => box));
        return h(
          'fieldset',
          { class: 'field choices', id },
          h('legend', {}, label, requiredMark),
          helpText,
          ...boxes.map(({ box, code }) =>
            h('div', { class: 'choice' }, box, h('label', { for: box.id }, enumLabel(items, code, language))),
          ),
          error,
        );
      }
      if (isObject(items)) return this.repeated(schema, items, pointer, required, language, label, helpText, error, register);
      // A list of short values (language codes…): one text box, comma separated.
      const listHelpId = idFor('l', pointer);
      const input = h('input', {
        type: 'text',
        id,
        'data-pointer': pointer,
        'data-kind': 'list',
        'aria-describedby': [helpId, listHelpId, errorId].filter(Boolean).join(' '),
        autocomplete: 'off',
      });
      input.value = text(this.state.values[pointer]);
      register([input]);
      const itemHelp = helpOf(items, language);
      return h(
        'div',
        { class: 'field' },
        h('label', { for: id }, label, requiredMark),
        helpText ?? (itemHelp && helpId ? h('p', { id: helpId, class: 'help' }, itemHelp) : null),
        h('p', { id: listHelpId, class: 'help' }, t('listHelp', language)),
        input,
        error,
      );
    }
    // A box that must be ticked (`const: true`: "counselling given") is an attestation the person
    // makes, never one the form makes for them: shown, required, and sent as ticked or not.
    const attestation = schema.type === 'boolean' && schema.const === true;
    if (schema.const !== undefined && !attestation) return h('div', { hidden: true });
    let control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    if (schema.type === 'boolean') {
      const box = h('input', {
        type: 'checkbox',
        id,
        'data-pointer': pointer,
        'data-kind': 'boolean',
        'aria-describedby': describedBy,
        required: attestation,
      });
      box.checked = this.state.values[pointer] === true;
      register([box]);
      // Unticked is an answer ("no") for a plain yes/no box: only an attestation is marked required.
      return h('div', { class: 'field choice' }, box, h('label', { for: id }, label, attestation ? requiredMark : null), helpText, error);
    }
    if (schema.enum) {
      const current = text(this.state.values[pointer]);
      control = h(
        'select',
        { id, 'data-pointer': pointer, 'aria-describedby': describedBy, required },
        h('option', { value: '' }, t('choose', language)),
        ...schema.enum
          .map(String)
          .map((code) => h('option', { value: code, selected: code === current }, enumLabel(schema, code, language))),
      );
    } else if (schema.type === 'string' && (schema.maxLength ?? 0) > 300) {
      control = h('textarea', { id, 'data-pointer': pointer, rows: '4', 'aria-describedby': describedBy, required });
      control.value = text(this.state.values[pointer]);
    } else {
      const type =
        schema.type === 'integer' || schema.type === 'number'
          ? 'number'
          : schema.format === 'date'
            ? 'date'
            : schema.format === 'email'
              ? 'email'
              : schema.format === 'e164'
                ? 'tel'
                : 'text';
      control = h('input', {
        type,
        id,
        'data-pointer': pointer,
        'aria-describedby': describedBy,
        required,
        autocomplete: 'off',
        ...(type === 'number' ? { inputmode: 'numeric', min: schema.minimum?.toString(), max: schema.maximum?.toString() } : {}),
        ...(type === 'tel' ? { dir: 'ltr' } : {}),
      });
      control.value = text(this.state.values[pointer]);
    }
    register([control]);
    return h('div', { class: 'field' }, h('label', { for: id }, label, requiredMark), helpText, control, error);
  }

  /** A choice between shapes (oneOf of objects told apart by a constant): radios, then the chosen shape's fields. */
  private variants(
    schema: JsonSchema,
    pointer: string,
    language: Language,
    label: string,
    error: HTMLElement,
    register: (controls: HTMLElement[]) => void,
  ): HTMLElement {
    const branches = schema.oneOf ?? [];
    const chosen = Number(this.state.values[`${pointer}#`] ?? 0);
    // The radios choose the value of the property that tells the branches apart: where it has a
    // title of its own ("Decision"), that names the radios, inside the union's group.
    const discriminator = Object.entries(branches[0]?.properties ?? {}).find(([, property]) => property.const !== undefined);
    const radiosTitle = discriminator ? labelOf(discriminator[1], language, label) : label;
    const radios = branches.map((branch, i) => {
      const constant = Object.entries(branch.properties ?? {}).find(([, property]) => property.const !== undefined);
      const code = constant ? text(constant[1].const) : String(i);
      const radio = h('input', {
        type: 'radio',
        id: `${idFor('f', pointer)}-${i}`,
        name: idFor('r', pointer),
        value: String(i),
        'data-pointer': pointer,
        'data-kind': 'branch',
        'aria-describedby': error.id,
      });
      radio.checked = i === chosen;
      // A titled branch (the API titles each branch of a union with its outcome) reads as its title.
      const caption = branch.title ?? (constant ? enumLabel(constant[1], code, language) : code);
      return h('div', { class: 'choice' }, radio, h('label', { for: radio.id }, caption));
    });
    register(radios.map((radio) => radio.querySelector('input')!));
    const branch = branches[chosen] ?? branches[0] ?? {};
    return h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, label),
      radiosTitle === label
        ? h('div', { class: 'choices' }, ...radios)
        : h('fieldset', { class: 'choices' }, h('legend', {}, radiosTitle), ...radios),
      error,
      ...this.objectChildren(branch, pointer, language),
    );
  }

  private repeated(
    schema: JsonSchema,
    items: JsonSchema,
    pointer: string,
    required: boolean,
    language: Language,
    label: string,
    helpText: HTMLElement | null,
    error: HTMLElement,
    register: (controls: HTMLElement[]) => void,
  ): HTMLElement {
    const count = this.state.counts[pointer] ?? 0;
    const itemLabel = labelOf(items, language, label);
    const add = h('button', { type: 'button', class: 'secondary', 'data-add': pointer }, `${t('add', language)} : ${itemLabel}`);
    add.addEventListener('click', () => {
      this.state.counts[pointer] = count + 1;
      this.onChange();
      this.rerender?.();
      document
        .getElementById(idFor('g', `${pointer}/${count}`))
        ?.querySelector<HTMLElement>('input, select, textarea')
        ?.focus();
    });
    register([add]);
    const groups = Array.from({ length: count }, (_, i) => {
      const remove = h('button', { type: 'button', class: 'secondary' }, `${t('remove', language)} : ${itemLabel} ${i + 1}`);
      remove.addEventListener('click', () => this.removeItem(pointer, i));
      return h(
        'fieldset',
        { class: 'group item', id: idFor('g', `${pointer}/${i}`) },
        h('legend', {}, `${itemLabel} ${i + 1}`),
        ...this.objectChildren(items, `${pointer}/${i}`, language),
        remove,
      );
    });
    return h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, label, required && schema.type !== 'array' ? h('span', { class: 'required' }, ` ${t('required', language)}`) : null),
      helpText,
      ...groups,
      error,
      add,
    );
  }

  /** Removes item `index` of a repeated group: the answers of the items after it move up by one. */
  private removeItem(pointer: string, index: number): void {
    const count = this.state.counts[pointer] ?? 0;
    const prefix = (i: number) => `${pointer}/${i}/`;
    const values = this.state.values;
    for (const key of Object.keys(values)) if (key.startsWith(prefix(index))) delete values[key];
    for (let i = index + 1; i < count; i++) {
      for (const key of Object.keys(values)) {
        if (!key.startsWith(prefix(i))) continue;
        values[prefix(i - 1) + key.slice(prefix(i).length)] = values[key];
        delete values[key];
      }
    }
    this.state.counts[pointer] = count - 1;
    this.onChange();
    this.rerender?.();
  }

  private build(schema: JsonSchema, pointer: string, required: boolean): unknown {
    const values = this.state.values;
    if (schema.type === 'boolean' && schema.const === true) return values[pointer] === true;
    if (schema.const !== undefined) return schema.const;
    if (schema.oneOf) {
      const branch = schema.oneOf[Number(values[`${pointer}#`] ?? 0)] ?? schema.oneOf[0]!;
      return this.build(branch, pointer, true);
    }
    if (isObject(schema)) {
      const requiredNames = new Set(schema.required ?? []);
      const result: Record<string, unknown> = {};
      let answered = false;
      for (const [name, child] of Object.entries(schema.properties ?? {})) {
        const value = this.build(child, `${pointer}/${name}`, requiredNames.has(name));
        if (value === undefined) continue;
        result[name] = value;
        if (child.const === undefined) answered = true;
      }
      return answered || required ? result : undefined;
    }
    if (schema.type === 'array' && schema.items) {
      const items = schema.items;
      let list: unknown[];
      if (items.enum) list = (values[pointer] as string[] | undefined) ?? [];
      else if (isObject(items))
        list = Array.from({ length: this.state.counts[pointer] ?? 0 }, (_, i) => this.build(items, `${pointer}/${i}`, true));
      else
        list = text(values[pointer])
          .split(/[,،]/)
          .map((part) => part.trim())
          .filter(Boolean);
      return list.length > 0 || required ? list : undefined;
    }
    const raw = values[pointer];
    if (schema.type === 'boolean') return raw === true ? true : required || raw === false ? false : undefined;
    if (raw === undefined || raw === '') return undefined;
    if (schema.type === 'integer' || schema.type === 'number') {
      const number = Number(raw);
      return Number.isFinite(number) ? number : raw;
    }
    return raw;
  }
}
