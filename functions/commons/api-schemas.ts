// Response shapes of the API as zod schemas: one source for types and the OpenAPI document.
import { z } from 'zod';

const localized = z.object({ fr: z.string(), ar: z.string(), en: z.string() });

export const fieldErrorSchema = z
  .object({
    pointer: z.string().meta({ description: 'JSON Pointer (RFC 6901) to the field in the request body' }),
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. required, invalid_format, guardian_required' }),
    message: z.string().meta({ description: 'Message in the negotiated language' }),
  })
  .meta({ id: 'FieldError' });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, in French, Arabic or English by Accept-Language' });

export const submissionReceiptSchema = z
  .object({
    caseId: z.uuid(),
    reference: z.string().meta({ examples: ['AVRR-2026-000042'] }),
    formId: z.string(),
    formVersion: z.number().int(),
    receivedAt: z.iso.datetime(),
    status: z.literal('received'),
  })
  .meta({ id: 'SubmissionReceipt' });

export const formSummarySchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    versions: z.array(z.number().int()),
    programme: z.string(),
    title: z.string(),
    description: z.string(),
    titles: localized,
    href: z.string(),
  })
  .meta({ id: 'FormSummary' });

export const formListSchema = z.object({ forms: z.array(formSummarySchema) }).meta({ id: 'FormList' });

export const formDocumentSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    latestVersion: z.number().int(),
    programme: z.string(),
    title: z.string(),
    description: z.string(),
    language: z.enum(['fr', 'ar', 'en']),
    submitTo: z.string(),
    schema: z.record(z.string(), z.unknown()).meta({ description: 'JSON Schema (2020-12) of the submission body, with labels and examples' }),
  })
  .meta({ id: 'FormDocument' });

export const caseSchema = z
  .object({
    caseId: z.uuid(),
    reference: z.string(),
    programme: z.string(),
    caseType: z.string(),
    formId: z.string(),
    formVersion: z.number().int(),
    stage: z.string(),
    status: z.enum(['open', 'closed']),
    facts: z.record(z.string(), z.unknown()),
    partnerId: z.string().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
    persons: z.array(z.object({ personId: z.uuid(), role: z.string(), data: z.record(z.string(), z.unknown()) })),
  })
  .meta({ id: 'Case' });
