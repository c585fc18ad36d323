// The OpenAPI 3.1 document, generated from the route list and the zod schemas (never by hand).
import { z } from 'zod';
import { listForms, getForm, toJsonSchema } from '../../domain/forms/index.ts';
import { routes, type RouteDefinition } from '../routes.ts';
import {
  caseSchema,
  formDocumentSchema,
  formListSchema,
  problemSchema,
  submissionReceiptSchema,
} from '../commons/api-schemas.ts';

type JsonObject = Record<string, unknown>;

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const problem = (description: string) => ({ description, content: problemContent });

function schemaOf(schema: z.ZodType): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonObject;
  return rest;
}

function formSchemaName(id: string, version: number): string {
  return `Form.${id}.v${version}`;
}

function operation(route: RouteDefinition): JsonObject {
  const parameters: JsonObject[] = [
    { name: 'Accept-Language', in: 'header', required: false, schema: { type: 'string', examples: ['fr', 'ar', 'en'] } },
  ];
  for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) {
    parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  const common: JsonObject = {
    operationId: route.functionId.charAt(0).toLowerCase() + route.functionId.slice(1),
    summary: route.description,
    parameters,
    ...(route.access === 'staff' ? { security: [{ staffJwt: [] }] } : { security: [] }),
  };
  const standardErrors = {
    '429': problem('Too many requests'),
    '503': problem('A dependency is unavailable; retry after the Retry-After delay'),
  };
  switch (route.functionId) {
    case 'ListForms':
      return { ...common, responses: { '200': ok('#/components/schemas/FormList'), ...standardErrors } };
    case 'GetForm':
      parameters.push({ name: 'version', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } });
      return { ...common, responses: { '200': ok('#/components/schemas/FormDocument'), '404': problem('Unknown form or version'), ...standardErrors } };
    case 'SubmitForm':
      parameters.push(
        { name: 'version', in: 'query', required: false, schema: { type: 'integer', minimum: 1 }, description: 'Form version; the latest when absent' },
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
          description: 'Unique per submission (a UUID); replaying the same key and body returns the first answer',
        },
      );
      return {
        ...common,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { oneOf: listForms().map((f) => ({ $ref: `#/components/schemas/${formSchemaName(f.id, f.version)}` })) },
            },
          },
        },
        responses: {
          '201': {
            description: 'Case opened (or, with header Idempotent-Replayed: true, the first answer replayed)',
            headers: { Location: { schema: { type: 'string' } }, 'Idempotent-Replayed': { schema: { type: 'string', enum: ['true'] } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/SubmissionReceipt' } } },
          },
          '400': problem('Malformed JSON or a missing/invalid Idempotency-Key'),
          '404': problem('Unknown form or version'),
          '413': problem('Body over the size limit'),
          '415': problem('Body is not application/json'),
          '422': problem('Schema violations (every field error listed) or an Idempotency-Key reused with another body'),
          ...standardErrors,
        },
      };
    case 'GetOpenApi':
      return { ...common, responses: { '200': { description: 'This document', content: { 'application/json': { schema: { type: 'object' } } } } } };
    case 'GetCase':
      return {
        ...common,
        responses: { '200': ok('#/components/schemas/Case'), '401': problem('No valid token'), '404': problem('No such case, or not visible to the caller'), ...standardErrors },
      };
    default:
      return { ...common, responses: { default: problem('Error') } };
  }
}

function ok(ref: string): JsonObject {
  return { description: 'OK', content: { 'application/json': { schema: { $ref: ref } } } };
}

export function buildOpenApiDocument(): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method.toLowerCase()]: operation(route) };
  }
  const formSchemas = Object.fromEntries(
    listForms().map((summary) => {
      const form = getForm(summary.id, summary.version)!;
      return [formSchemaName(form.id, form.version), toJsonSchema(form, 'en')];
    }),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Casework API',
      version: '1.0.0',
      description:
        'Forms, submissions and cases of the mission. Errors are application/problem+json (RFC 9457), in French (default), Arabic or English by Accept-Language.',
    },
    paths,
    components: {
      securitySchemes: { staffJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito token of staff or partner users' } },
      schemas: {
        Problem: schemaOf(problemSchema),
        SubmissionReceipt: schemaOf(submissionReceiptSchema),
        FormList: schemaOf(formListSchema),
        FormDocument: schemaOf(formDocumentSchema),
        Case: schemaOf(caseSchema),
        ...formSchemas,
      },
    },
  };
}
