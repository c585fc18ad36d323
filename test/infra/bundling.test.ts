// The one test that really bundles: every function's code is built by the local esbuild (no Docker),
// as ESM for Node 24, and the bundle loads and exports its handler, without the AWS SDK (the runtime
// provides it) nor zod's locales.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';

describe('bundling', () => {
  it('builds each function with the local esbuild into a small ESM bundle', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'casework-bundle-'));
    try {
      const { app, stacks } = buildCaseworkApp({
        nag: false,
        outdir,
        context: { ...LOCAL_CONTEXT, 'aws:cdk:bundling-stacks': ['CaseworkApi'], 'aws:cdk:enable-asset-metadata': true },
      });
      const assembly = app.synth();
      const template = assembly.getStackByName(stacks.api.stackName).template as {
        Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
      };
      const assets = Object.values(template.Resources)
        .filter((resource) => resource.Type === 'AWS::Lambda::Function' && resource.Metadata?.['casework:entry'])
        .map((resource) => path.join(outdir, resource.Metadata!['aws:asset:path']!));
      expect(assets.length).toBeGreaterThanOrEqual(5);
      for (const asset of assets) {
        const bundle = path.join(asset, 'index.mjs');
        expect(existsSync(bundle)).toBe(true);
        expect(statSync(bundle).size).toBeLessThan(3 * 1024 * 1024);
        const code = readFileSync(bundle, 'utf8');
        expect(code).toMatch(/export\s*\{[^}]*handler/);
        // The nodejs24.x runtime provides the AWS SDK v3: imported, never bundled.
        if (code.includes('DynamoDB')) expect(code).toMatch(/from\s*"@aws-sdk\/client-dynamodb"/);
        // zod with its English messages only (an `import { z } from 'zod'` anywhere pulls its 64 locales, ~360 KiB).
        expect(code).not.toContain('Ungültige Eingabe');
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 600_000);
});
