// The OpenAPI document lists every route with its schemas, every reference in it resolves, and it is
// valid OpenAPI 3.1.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument } from '../../../functions/get-openapi/openapi.ts';
import { routes } from '../../../functions/routes.ts';
import { idempotencyKeySchema, programmeSchema } from '../../../functions/commons/api-schemas.ts';

type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, unknown>; parameters: { name: string; in: string; required: boolean }[] }>
  >;
  components: { schemas: Record<string, unknown> };
};
const doc = buildOpenApiDocument() as unknown as Doc;

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(buildOpenApiDocument());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it("documents what the web client reads: an expired token's challenge, history summaries, task titles", () => {
    const unauthorized = doc.paths['/cases/{caseId}']!.get!.responses['401'] as {
      headers: Record<string, unknown>;
      content: Record<string, unknown>;
    };
    expect(unauthorized.headers).toHaveProperty('WWW-Authenticate');
    expect(Object.keys(unauthorized.content)).toEqual(['application/json', 'application/problem+json']);
    const text = JSON.stringify(doc.components.schemas);
    expect(text).toContain('previousDecisions');
    expect((doc.components.schemas.CaseEvent as { required: string[] }).required).toContain('summary');
  });

  it('declares every path parameter of every route, required', () => {
    for (const route of routes) {
      const operation = doc.paths[route.path]![route.method.toLowerCase()]!;
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      expect(
        operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.required]),
        `${route.method} ${route.path}`,
      ).toEqual(names.map((name) => [name, true]));
    }
  });

  it('has an operation for every route, with documented responses rather than a catch-all', () => {
    for (const route of routes) {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(Object.keys(operation!.responses), `${route.method} ${route.path}`).not.toEqual(['default']);
    }
  });

  it('every $ref points at a schema that exists in components', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]!);
    expect(refs.length).toBeGreaterThan(20);
    const dangling = refs.filter(
      (ref) => !ref.startsWith('#/components/schemas/') || !(ref.slice('#/components/schemas/'.length) in doc.components.schemas),
    );
    expect([...new Set(dangling)]).toEqual([]);
  });

  it('documents the task routes a caseworker console uses: queue parameters, the 409 of a second completion, the 403 of four eyes', () => {
    const list = doc.paths['/tasks']!.get!;
    expect(list.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(['queue', 'role', 'programme', 'limit', 'cursor']);
    const complete = doc.paths['/tasks/{taskId}/complete']!.post!;
    expect(Object.keys(complete.responses)).toEqual(expect.arrayContaining(['200', '403', '404', '409', '422']));
    expect(doc.components.schemas).toHaveProperty('TaskDocument');
    expect(doc.components.schemas).toHaveProperty('TaskQueueEntry');
    const cases = doc.paths['/cases']!.get!;
    expect(cases.parameters.filter((p) => p.in === 'query' && p.required).map((p) => p.name)).toEqual(['programme', 'stage']);
  });

  it('takes its parameter patterns and enums from the schemas the handlers validate with', () => {
    type Parameter = { name: string; in: string; required?: boolean; schema: Record<string, unknown> };
    const parameters = (path: string, method: string) => (doc.paths[path]![method] as unknown as { parameters: Parameter[] }).parameters;
    const key = parameters('/forms/{formId}/submissions', 'post').find((p) => p.in === 'header' && p.name === 'Idempotency-Key')!;
    expect(key.required).toBe(true);
    expect(key.schema.pattern).toBe(z.toJSONSchema(idempotencyKeySchema).pattern);
    expect(parameters('/cases', 'get').find((p) => p.name === 'programme')!.schema.enum).toEqual(programmeSchema.options);
    expect(parameters('/forms/{formId}', 'get').find((p) => p.name === 'version')!.schema).toMatchObject({ type: 'integer', minimum: 1 });
  });
});
