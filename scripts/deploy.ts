// `npm run deploy -- --stage dev|prod [more cdk deploy options]`: deploys every stack of one stage
// (docs/operations.md, "Stages"). Without a stage it refuses: the local stage is never deployed.
import { spawnSync } from 'node:child_process';

const usage = 'usage: npm run deploy -- --stage <dev|prod|...> [more cdk deploy options]';

/** The stage named by `--stage X` or `--stage=X`, and every other argument for cdk. */
export function deployArguments(argv: string[]): { stage: string; rest: string[] } {
  let stage = '';
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--stage') stage = argv[++index] ?? '';
    else if (arg.startsWith('--stage=')) stage = arg.slice('--stage='.length);
    else rest.push(arg);
  }
  return { stage: stage.trim(), rest };
}

const { stage, rest } = deployArguments(process.argv.slice(2));
if (stage === '' || stage === 'local' || stage.startsWith('-')) {
  console.error(
    `Refusing to deploy: ${stage === 'local' ? 'the local stage is never deployed' : 'no stage given'}.\n${usage}\n` +
      'Each stage has its settings in cdk.json (casework:stages); see docs/operations.md.',
  );
  process.exit(2);
}
const args = ['cdk', 'deploy', '--all', '-c', `casework:stage=${stage}`, ...rest];
console.log(`npx ${args.join(' ')}`);
const result = spawnSync('npx', args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
