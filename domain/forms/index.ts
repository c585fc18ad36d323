export { listForms, getForm, latestVersion, toJsonSchema, validateSubmission, splitSubmission } from './registry.ts';
export type { ValidationResult } from './registry.ts';
export type { JsonSchema } from './define.ts';
export type {
  CaseFact,
  CaseFacts,
  FieldInfo,
  FormDefinition,
  FormSummary,
  PersonRole,
  Programme,
  SplitPerson,
  SubmissionSplit,
} from './types.ts';
export { DATA_SHARING_PARTNERS, YOUTH_PARTNER_ASSOCIATIONS, MOROCCAN_CITIES, MOROCCAN_REGIONS, RULE_CODES, ageOn } from './fields.ts';
export type { RuleCode } from './fields.ts';
export { noticeRecord, privacyNotice, topLevelFields } from './notice.ts';
export type { NoticeConfig, PrivacyNotice } from './notice.ts';
