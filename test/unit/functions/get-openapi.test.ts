// The OpenAPI document lists every route with its schemas, and every reference in it resolves.
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../functions/get-openapi/openapi.ts';
import { routes } from '../../../functions/routes.ts';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters: { name: string; in: string; required: boolean }[] }>>; components: { schemas: Record<string, unknown> } };
const doc = buildOpenApiDocument() as unknown as Doc;

describe('the OpenAPI document', () => {
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
    const dangling = refs.filter((ref) => !ref.startsWith('#/components/schemas/') || !(ref.slice('#/components/schemas/'.length) in doc.components.schemas));
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
});
