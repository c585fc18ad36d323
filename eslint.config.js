// @ts-check
import tseslint from 'typescript-eslint';

// The local workflow runtime is a package: outside it, code imports its public entry point only.
const workflowRuntimeInternals = {
  group: ['**/workflow-runtime', '**/workflow-runtime/**', 'local-workflow-runtime/*'],
  message: "Import the workflow runtime from 'local-workflow-runtime' (local/workflow-runtime/src/index.ts), not its internals.",
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.local/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
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
        { patterns: [{ group: ['@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*', '@aws-lambda-powertools/*', '@middy/*'] }, workflowRuntimeInternals] },
      ],
    },
  },
);
