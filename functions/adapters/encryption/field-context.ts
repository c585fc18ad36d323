// The encryption context of a sealed value: what binds its ciphertext to its place. Apart from the
// cipher so that the infrastructure can name the same purpose in its grants without loading the SDK.

/** The context's fixed part; the key policy and the IAM grants require it. */
export const FIELD_CONTEXT_PURPOSE = 'casework-sensitive-field';

/** Where a sealed value belongs: its case and its field path (e.g. `person/<personId>/medicalDescription`). */
export interface FieldLocation {
  caseId: string;
  field: string;
}

/** The encryption context of a value: no personal data (it shows in CloudTrail), ids only. */
export function fieldContext(at: FieldLocation): Record<string, string> {
  return { purpose: FIELD_CONTEXT_PURPOSE, caseId: at.caseId, field: at.field };
}
