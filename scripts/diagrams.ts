// npm run diagrams — writes docs/workflows/<workflow>.md from the state machines CDK synthesizes.
// A test fails when the committed diagrams differ from the definitions.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../infra/constructs/casework-function.ts';
import { workflowDocuments } from './workflow-docs.ts';

const dir = path.join(REPO_ROOT, 'docs', 'workflows');
mkdirSync(dir, { recursive: true });
for (const doc of workflowDocuments()) {
  writeFileSync(path.join(dir, doc.file), doc.content);
  process.stdout.write(`wrote docs/workflows/${doc.file}\n`);
}
