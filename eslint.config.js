// @ts-check
import tseslint from 'typescript-eslint';

/** Import patterns of the given top-level folders, however deep the importing file is. */
const layers = (...folders) => folders.flatMap((folder) => [`**/${folder}/*`, `**/${folder}/**`]);
// The local workflow runtime is a package: outside it, code imports its public entry point only.
const workflowRuntimeInternals = {
  group: ['**/workflow-runtime', '**/workflow-runtime/**', 'local-workflow-runtime/*'],
  message: "Import the workflow runtime from 'local-workflow-runtime' (local/workflow-runtime/src/index.ts), not its internals.",
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'cdk.out/**',
      '.local/**',
      'coverage/**',
      'local/workflow-runtime/dist/**',
      'web/dist/**',
      'test-results/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Handlers are async by contract (middy, Lambda) even when their body is synchronous.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'No .only in committed tests.' },
        { object: 'it', property: 'skip', message: 'No .skip in committed tests.' },
        { object: 'describe', property: 'only', message: 'No .only in committed tests.' },
        { object: 'describe', property: 'skip', message: 'No .skip in committed tests.' },
        { object: 'test', property: 'only', message: 'No .only in committed tests.' },
        { object: 'test', property: 'skip', message: 'No .skip in committed tests.' },
      ],
    },
  },
  {
    // vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed `any`.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  // Layers point one way: infra → workflows and functions → domain; local/ (and test/) wire
  // everything. Each folder lists every pattern it may not import in one block: a later block
  // would replace the rule's options, not add to them.
  {
    files: ['**/*.ts'],
    ignores: ['local/workflow-runtime/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [workflowRuntimeInternals] }],
    },
  },
  {
    // The domain core decides; it never talks to AWS (nor runs workflows).
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*', '@aws-lambda-powertools/*', '@middy/*'],
              message: 'The domain core never talks to AWS.',
            },
            { group: layers('functions', 'workflows', 'infra', 'local'), message: 'The domain imports nothing but the domain.' },
            workflowRuntimeInternals,
          ],
        },
      ],
    },
  },
  {
    // Handlers and adapters: the domain and AWS clients, never the CDK app or the processes.
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['aws-cdk-lib', 'aws-cdk-lib/*'], message: 'Handlers run in Lambda; the CDK belongs to infra/.' },
            {
              group: layers('workflows', 'infra', 'local'),
              message: 'functions/ depends on the domain only; infra wires functions, not the reverse.',
            },
            workflowRuntimeInternals,
          ],
        },
      ],
    },
  },
  {
    // Pure state machine definitions: the domain's steps, no CDK (constructs live in infra/constructs/workflows/).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['aws-cdk-lib', 'aws-cdk-lib/*', '@aws-sdk/*'], message: 'Definitions are plain data; the CDK belongs to infra/.' },
            {
              group: layers('functions', 'infra', 'local'),
              message: 'workflows/ holds pure definitions; their constructs go in infra/constructs/workflows/.',
            },
            workflowRuntimeInternals,
          ],
        },
      ],
    },
  },
  {
    files: ['infra/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: layers('local'), message: 'The CDK app never depends on the local runtime; local/ reads the app.' },
            workflowRuntimeInternals,
          ],
        },
      ],
    },
  },
  {
    // Plain JavaScript (this file, the Node version check, the JSONata worker) is outside the
    // TypeScript project: it gets the rules that need no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
