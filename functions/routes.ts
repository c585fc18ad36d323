// The HTTP routes of the API: one Lambda function per route. CDK wires them, the local runtime
// reads them back from the synthesized template, and the OpenAPI document lists them.
import type { DynamoAction } from '../infra/constructs/casework-function.ts';

export interface RouteDefinition {
  /** CDK id of the function. */
  functionId: string;
  method: 'GET' | 'POST';
  /** API Gateway path with {params}. */
  path: string;
  entry: string;
  description: string;
  /** public: anyone (throttled); staff: a valid JWT from the staff directory. */
  access: 'public' | 'staff';
  table?: DynamoAction[];
  /** What the function does to case workflows: start phases, answer task tokens, stop executions. */
  workflows?: ('start' | 'callback' | 'stop')[];
}

export const routes: RouteDefinition[] = [
  {
    functionId: 'ListForms',
    method: 'GET',
    path: '/forms',
    entry: 'functions/list-forms/handler.ts',
    description: 'Lists the forms that can be submitted, with their versions',
    access: 'public',
  },
  {
    functionId: 'GetForm',
    method: 'GET',
    path: '/forms/{formId}',
    entry: 'functions/get-form/handler.ts',
    description: 'One form: JSON Schema, labels in fr/ar/en, examples',
    access: 'public',
  },
  {
    functionId: 'SubmitForm',
    method: 'POST',
    path: '/forms/{formId}/submissions',
    entry: 'functions/submit-form/handler.ts',
    description: 'Accepts a submission idempotently and opens a case',
    access: 'public',
    table: ['GetItem', 'UpdateItem', 'PutItem', 'ConditionCheckItem'],
    workflows: ['start'],
  },
  {
    functionId: 'GetOpenApi',
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/get-openapi/handler.ts',
    description: 'The OpenAPI 3.1 document, generated from the zod schemas',
    access: 'public',
  },
  {
    functionId: 'GetCase',
    method: 'GET',
    path: '/cases/{caseId}',
    entry: 'functions/get-case/handler.ts',
    description: 'One case with its persons, for staff and the partner it is shared with',
    access: 'staff',
    table: ['GetItem', 'Query'],
  },
];
