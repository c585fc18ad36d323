// The OpenAPI 3.1 document, generated from the route list and the zod schemas (never by hand).
import { z } from 'zod';
import { listForms, getForm, toJsonSchema } from '../../domain/forms/index.ts';
import { routes, type RouteDefinition } from '../routes.ts';
import { PROGRAMMES } from '../../domain/cases/model.ts';
import { MISSION_ROLES } from '../../domain/access/roles.ts';
import {
  caseHistorySchema,
  caseQueuePageSchema,
  caseSchema,
  completeTaskBodySchema,
  formDocumentSchema,
  formListSchema,
  problemSchema,
  reassignTaskBodySchema,
  submissionReceiptSchema,
  taskDocumentSchema,
  taskQueuePageSchema,
  taskSchema,
  withdrawalBodySchema,
} from '../commons/api-schemas.ts';

type JsonObject = Record<string, unknown>;

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const problem = (description: string) => ({ description, content: problemContent });

/**
 * The API's zod schemas as OpenAPI components. A schema with an id (`.meta({ id })`) nested in
 * another becomes a component of its own, and every reference points at `#/components/schemas/`
 * (a `#/$defs/` reference would resolve against the document root, where there is none).
 */
function componentSchemas(schemas: Record<string, z.ZodType>): Record<string, JsonObject> {
  const components: Record<string, JsonObject> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const generated = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonObject;
    const rewritten = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonObject;
    const { $schema: _schema, $defs, ...root } = rewritten as JsonObject & { $defs?: Record<string, JsonObject> };
    for (const [id, definition] of Object.entries($defs ?? {})) components[id] = definition;
    // A root with an id comes back as a reference to its own definition.
    if (root.$ref !== `#/components/schemas/${name}`) components[name] = root;
  }
  return components;
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
    case 'ListCases':
      parameters.push(
        { name: 'programme', in: 'query', required: true, schema: { type: 'string', enum: [...PROGRAMMES] } },
        { name: 'stage', in: 'query', required: true, schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }, description: 'e.g. submitted, screening, approval, closed' },
        ...pagingParameters,
      );
      return {
        ...common,
        responses: {
          '200': ok('#/components/schemas/CaseQueuePage'),
          '400': problem('Invalid query parameters or cursor (every error listed)'),
          '401': problem('No valid token'),
          '403': problem('A partner user without an association'),
          ...standardErrors,
        },
      };
    case 'GetCaseHistory':
      return {
        ...common,
        responses: { '200': ok('#/components/schemas/CaseHistory'), '401': problem('No valid token'), '404': problem('No such case, or not visible to the caller'), ...standardErrors },
      };
    case 'WithdrawCase':
      return {
        ...common,
        requestBody: body('#/components/schemas/WithdrawalBody'),
        responses: {
          '200': { description: 'Case closed as withdrawn; its open tasks cancelled and its workflow phases before departure (return, travel) stopped', content: { 'application/json': { schema: { type: 'object' } } } },
          ...bodyErrors,
          '403': problem('Only caseworkers and supervisors record withdrawals'),
          '404': problem('No such case'),
          '409': problem('The case is already closed, or the person has already departed'),
          ...standardErrors,
        },
      };
    case 'ListTasks':
      parameters.push(
        { name: 'queue', in: 'query', required: false, schema: { type: 'string', enum: ['mine', 'role', 'partner'] }, description: "Default: 'role' for staff, 'partner' for partner users" },
        { name: 'role', in: 'query', required: false, schema: { type: 'string', enum: [...MISSION_ROLES] }, description: "With queue=role: one of the caller's groups (default: the first)" },
        { name: 'programme', in: 'query', required: false, schema: { type: 'string', enum: [...PROGRAMMES] } },
        ...pagingParameters,
      );
      return {
        ...common,
        responses: {
          '200': ok('#/components/schemas/TaskQueuePage'),
          '400': problem('Invalid query parameters or cursor (every error listed)'),
          '401': problem('No valid token'),
          '403': problem("Not one of the caller's queues"),
          ...standardErrors,
        },
      };
    case 'GetTask':
      return {
        ...common,
        responses: { '200': ok('#/components/schemas/TaskDocument'), '401': problem('No valid token'), '404': problem('No such task, or not visible to the caller'), ...standardErrors },
      };
    case 'ClaimTask':
      return {
        ...common,
        responses: {
          '200': { description: 'Assigned to the caller (Idempotent-Replayed: true when it already was)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Task' } } } },
          '401': problem('No valid token'),
          '403': problem('The caller may not act on this step (role, partner, four eyes)'),
          '404': problem('No such task, or not visible to the caller'),
          '409': problem('Assigned to someone else (a supervisor can reassign it), or no longer open'),
          ...standardErrors,
        },
      };
    case 'CompleteTask':
      return {
        ...common,
        requestBody: body('#/components/schemas/CompleteTaskBody'),
        responses: {
          '200': {
            description: 'Completed (or, with header Idempotent-Replayed: true, the same decision by the same person again)',
            headers: { 'Idempotent-Replayed': { schema: { type: 'string', enum: ['true'] } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Task' } } },
          },
          ...bodyErrors,
          '403': problem('The caller may not complete this step: role, partner, or four eyes (they screened or prepared the case)'),
          '404': problem('No such task, or not visible to the caller'),
          '409': problem('Already completed by someone else or with another decision, changed concurrently, or no longer awaited'),
          '422': problem('The decision violates the step schema (every field error listed, pointers into the body)'),
          ...standardErrors,
        },
      };
    case 'ReassignTask':
      return {
        ...common,
        requestBody: body('#/components/schemas/ReassignTaskBody'),
        responses: {
          '200': ok('#/components/schemas/Task'),
          ...bodyErrors,
          '403': problem('Supervisors and administrators only'),
          '404': problem('No such task'),
          '409': problem('The task is no longer open, or changed concurrently'),
          '422': problem('Invalid body, or the assignee is excluded from this step (four eyes)'),
          ...standardErrors,
        },
      };
    default:
      return { ...common, responses: { default: problem('Error') } };
  }
}

const pagingParameters: JsonObject[] = [
  { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
  { name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: 'The `next` of the previous page, as given' },
];

const bodyErrors = {
  '400': problem('Malformed JSON'),
  '401': problem('No valid token'),
  '413': problem('Body over the size limit'),
  '415': problem('Body is not application/json'),
  '422': problem('Invalid body (every field error listed)'),
};

function body(ref: string): JsonObject {
  return { required: true, content: { 'application/json': { schema: { $ref: ref } } } };
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
        ...componentSchemas({
          Problem: problemSchema,
          SubmissionReceipt: submissionReceiptSchema,
          FormList: formListSchema,
          FormDocument: formDocumentSchema,
          Case: caseSchema,
          CaseQueuePage: caseQueuePageSchema,
          CaseHistory: caseHistorySchema,
          WithdrawalBody: withdrawalBodySchema,
          TaskQueuePage: taskQueuePageSchema,
          Task: taskSchema,
          TaskDocument: taskDocumentSchema,
          CompleteTaskBody: completeTaskBodySchema,
          ReassignTaskBody: reassignTaskBodySchema,
        }),
        ...formSchemas,
      },
    },
  };
}
