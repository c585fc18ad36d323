// Stages: each deployment of the casework (dev, prod) is a complete, separately named copy with its
// own settings, read from the context value `casework:stages` (cdk.json) and chosen by
// `casework:stage` (`npm run deploy -- --stage dev`). The local runtime and the tests are the
// "local" stage, offline only. A deployed stage's missing settings fail the synthesis, all listed
// at once: nothing is deployed with placeholder addresses (docs/operations.md, "Stages").

/** The stage of the local runtime and of the tests: never deployed. */
export const LOCAL_STAGE = 'local';

export interface StageSettings {
  stage: string;
  /** Stack names, physical names: `Casework<Part>` for the local stage, `Casework<Part>-<stage>` otherwise. */
  deployed: boolean;
  region: string;
  senderEmail: string;
  roleAddresses: Record<string, string>;
  partnerAddresses: Record<string, string>;
  /** The operators' distribution list: every alarm of the stage. */
  alarmEmail: string;
  allowedOrigins: string[];
  /** AWS WAF in front of the API (a web ACL costs $5/month and $1 per rule while idle). */
  firewall: boolean;
  /** Stateful resources kept (retained, deletion protection) when their stack is deleted. */
  retainData: boolean;
}

/** The settings a deployed stage must have, with what each is. */
export const REQUIRED_STAGE_SETTINGS = {
  region: 'the AWS region (outside Morocco a transfer abroad under law 09-08)',
  senderEmail: 'the verified SES address notifications are sent from',
  roleAddresses: 'the staff distribution lists by role: {"caseworker": "...", "supervisor": "..."}',
  alarmEmail: "the operators' distribution list, which gets every alarm",
  allowedOrigins: 'the https origins of the web forms and console, e.g. ["https://forms.mission.example"]',
  controllerName: 'the law 09-08 notice: the controller, as declared to the CNDP',
  dataProtectionContact: 'the law 09-08 notice: where people exercise their rights',
  cndpReference: 'the law 09-08 notice: the CNDP declaration or authorisation number',
} as const;

export type RequiredSetting = keyof typeof REQUIRED_STAGE_SETTINGS;

/** Values that are placeholders, never a deployment's: the documentation domains (RFC 2606). */
const PLACEHOLDER = /(^|[@./])example\.(org|com|net)\b|NOT CONFIGURED/i;

type Lookup = (key: string) => unknown;

function present(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '' && !PLACEHOLDER.test(value);
  if (Array.isArray(value)) return value.length > 0 && value.every(present);
  if (typeof value === 'object') {
    const values = Object.values(value as Record<string, unknown>);
    return values.length > 0 && values.every(present);
  }
  return true;
}

/** CORS origins: a list (cdk.json) or, from `-c`, a JSON list or a comma-separated string. */
export function originsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  return text.startsWith('[') ? (JSON.parse(text) as unknown[]).map(String) : text.split(',').map((origin) => origin.trim());
}

function objectOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null || value === '') return {};
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
}

/**
 * A setting of the chosen stage: the flat context value `casework:<key>` (`-c` on the command line,
 * LOCAL_CONTEXT) first, else the stage's own in `casework:stages`.
 */
export function stageLookup(context: Lookup, stage: string): Lookup {
  const stages = context('casework:stages');
  const parsed = typeof stages === 'string' ? (JSON.parse(stages) as unknown) : stages;
  const own = (parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[stage] : undefined) as
    Record<string, unknown> | undefined;
  return (key) => {
    const flat = context(`casework:${key}`);
    if (flat !== undefined && flat !== '') return flat;
    return own?.[key];
  };
}

/** The stage named by `casework:stage` (local when none); a name usable in every physical name. */
export function stageName(context: Lookup): string {
  const value = context('casework:stage');
  const stage = typeof value === 'string' && value.trim() !== '' ? value.trim() : LOCAL_STAGE;
  if (!/^[a-z][a-z0-9]{1,11}$/.test(stage)) {
    throw new Error(`casework:stage must be a short lowercase name (dev, prod, ...): ${JSON.stringify(stage)}`);
  }
  return stage;
}

/**
 * Every missing or placeholder setting of a deployed stage, listed in one error. The local stage
 * keeps its offline defaults (LOCAL_CONTEXT), and may not be deployed.
 */
export function stageSettings(context: Lookup, stage: string): StageSettings {
  const lookup = stageLookup(context, stage);
  const deployed = stage !== LOCAL_STAGE;
  if (deployed) {
    const stages = context('casework:stages');
    const known = stages && typeof stages === 'object' ? Object.keys(stages) : [];
    const missing = (Object.keys(REQUIRED_STAGE_SETTINGS) as RequiredSetting[]).filter((key) => !present(lookup(key)));
    if (missing.length > 0) {
      throw new Error(
        [
          `Stage "${stage}" is missing ${missing.length} required setting(s) (casework:stages.${stage} in cdk.json, or -c casework:<setting>=...):`,
          ...missing.map((key) => `  - ${key}: ${REQUIRED_STAGE_SETTINGS[key]}`),
          ...(known.length > 0 && !known.includes(stage) ? [`  (stages in cdk.json: ${known.join(', ')})`] : []),
          'See docs/operations.md, "Stages".',
        ].join('\n'),
      );
    }
  }
  const text = (key: string, fallback: string) => {
    const value = lookup(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
  };
  const flag = (key: string, fallback: boolean) => {
    const value = lookup(key);
    if (value === undefined) return fallback;
    return value === true || value === 'true';
  };
  return {
    stage,
    deployed,
    region: text('region', ''),
    senderEmail: text('senderEmail', 'casework-noreply@example.org'),
    roleAddresses: objectOf(lookup('roleAddresses')),
    partnerAddresses: objectOf(lookup('partnerAddresses')),
    alarmEmail: text('alarmEmail', 'operators@example.org'),
    allowedOrigins: originsOf(lookup('allowedOrigins') ?? ['https://forms.example.org']),
    firewall: flag('firewall', true),
    retainData: flag('retainData', true),
  };
}

/** `CaseworkData` for the local stage (the names the local runtime and tests know), `CaseworkData-dev` otherwise. */
export function stackId(part: string, stage: string): string {
  return stage === LOCAL_STAGE ? `Casework${part}` : `Casework${part}-${stage}`;
}

/** A stage-scoped physical name: `casework` locally, `casework-dev` in dev. */
export function stageScoped(name: string, stage: string): string {
  return stage === LOCAL_STAGE ? name : `${name}-${stage}`;
}
