// docs/authorization.md is generated from the table the authorization matrix test checks: the page
// and the test cannot drift apart.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/constructs/casework-function.ts';
import { authorizationDocument } from '../../support/authorization-matrix.ts';

describe('docs/authorization.md', () => {
  it('is the page generated from the matrix the HTTP test checks (npm run docs:authorization)', () => {
    const committed = readFileSync(path.join(REPO_ROOT, 'docs', 'authorization.md'), 'utf8');
    expect(committed, 'docs/authorization.md is stale: run npm run docs:authorization').toBe(authorizationDocument());
  });
});
