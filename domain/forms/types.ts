import type * as z from 'zod';
import type { Localized } from '../i18n/index.ts';
import type { Programme } from '../cases/model.ts';
import type { ConsentPurpose, LegalBasisDeclaration } from '../consent/legal-basis.ts';

export type { Programme };

export type PersonRole = 'applicant' | 'family-member' | 'guardian' | 'youth' | 'expert' | 'contact-person';

export interface FieldInfo {
  label: Localized;
  help?: Localized;
}

/** One person found in a submission, with only the fields that describe them. */
export interface SplitPerson {
  role: PersonRole;
  /** JSON Pointer of the part of the submission this person came from, e.g. '/familyMembers/1'. */
  pointer: string;
  data: Record<string, unknown>;
  /**
   * Keys of `data` that hold the form's sensitive answers (`x-sensitive`): the adapters store them
   * encrypted. Every value of a sensitive path must land under one of these keys (a test checks it).
   */
  sensitive?: string[];
}

/**
 * Case facts: nothing that identifies a person, so they can stay on the case for statistics and
 * routing after the person items are erased. Ages are bucketed, free text never appears here.
 */
/** A fact: a value, a list of codes, or codes to values (e.g. a score per domain). */
export type CaseFact = string | number | boolean | string[] | null | { readonly [key: string]: CaseFact };
export type CaseFacts = Record<string, CaseFact>;

export interface SubmissionSplit {
  persons: SplitPerson[];
  facts: CaseFacts;
  /** The partner association a case is shared with (youth enrolment), for partner-scoped access. */
  partnerId?: string;
  /**
   * Free-text justifications of a legal basis other than consent, by purpose (a child's best
   * interests): personal, so intake keeps them as case notes, never in facts or history.
   */
  justifications?: Partial<Record<ConsentPurpose, string>>;
}

export interface FormDefinition {
  /** Stable identifier used in URLs, e.g. 'avrr-application'. */
  id: string;
  /** Integer so that a version 2 can coexist with submissions still arriving on version 1. */
  version: number;
  programme: Programme;
  caseType: string;
  title: Localized;
  description: Localized;
  /**
   * 'association': submitted by a partner association's own staff (`POST /partner/forms/...`, their
   * association an existing, active record) or by mission staff on its behalf
   * (`POST /associations/{associationId}/forms/...`); the public route refuses it. The case is the
   * association's. Absent: the public web form (and any partner's staff) may submit it.
   */
  submittedBy?: 'association';
  /**
   * A superseded version that opens no new case: still readable (`GET /forms/{id}?version=N`, its
   * cases shown as they were submitted), but a submission on it is refused, naming the current
   * version (410 `formVersionRetired`). Never the latest version of a form.
   */
  retired?: true;
  /** Validates the submission body; `.strict()` everywhere so unknown keys are errors. */
  schema: z.ZodType;
  // Labels by JSON Pointer, derived from the schema's metadata. Items of lists use '*' in place of
  // the index ('/familyMembers/*/dateOfBirth'), which `localizeIssues` understands.
  fields: Record<string, FieldInfo>;
  /** Realistic valid submissions, also published as JSON Schema `examples`. */
  examples: unknown[];
  /** JSON Pointers of the parts of a submission that are personal data. */
  personalDataPaths: string[];
  /** The legal basis of each processing purpose (law 09-08 art. 4): consent, or another ground. */
  legalBasis: LegalBasisDeclaration;
  /**
   * JSON Pointers (items of lists as '*') of the most sensitive answers, derived from the schema's
   * `x-sensitive` markers: stored encrypted under their own key.
   */
  sensitivePaths: string[];
  /**
   * Splits a submission into persons and non-personal case facts. Validates again first, so it
   * throws on anything the schema would reject rather than storing half-checked data.
   */
  split(submission: unknown): SubmissionSplit;
}

export interface FormSummary extends Pick<
  FormDefinition,
  'id' | 'version' | 'programme' | 'caseType' | 'title' | 'description' | 'submittedBy' | 'retired'
> {
  /** True for the highest version of this form id: the one a client should use. */
  latest: boolean;
}
