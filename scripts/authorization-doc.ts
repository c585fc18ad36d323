// npm run docs:authorization — writes docs/authorization.md from the authorization matrix the HTTP
// test checks (test/support/authorization-matrix.ts). A test fails when the committed page differs.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../infra/constructs/casework-function.ts';
import { authorizationDocument } from '../test/support/authorization-matrix.ts';

writeFileSync(path.join(REPO_ROOT, 'docs', 'authorization.md'), authorizationDocument());
process.stdout.write('wrote docs/authorization.md\n');
