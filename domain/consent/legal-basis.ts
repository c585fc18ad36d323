// The legal basis of each processing purpose, as law 09-08 defines it: the person's consent (art. 4
// first paragraph), or one of the grounds that make processing lawful without it (art. 4 a to e).
// The vocabulary every layer shares; no imports, so forms, intake and the API may all use it.

/** The purposes the person is asked about at intake, each with its own consent and legal basis. */
export const CONSENT_PURPOSES = ['processing', 'follow-up-contact', 'sharing'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Consent, or a ground of law 09-08 art. 4 that makes processing lawful without it. */
export const LEGAL_BASES = [
  'consent',
  /** art. 4 (d): to protect the person's vital interests when they cannot consent (an unaccompanied child's best interests). */
  'vital-interests',
  /** art. 4 (a): to comply with a legal obligation of the controller. */
  'legal-obligation',
  /** art. 4 (b): to perform a mission of public interest or of official authority. */
  'public-interest-mission',
  /** art. 4 (c): to perform a contract with the person, or steps they asked for before one. */
  'contract',
  /** art. 4 (e): the controller's legitimate interest, unless the person's rights prevail. */
  'legitimate-interest',
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** The grounds other than consent: what processing may continue on once consent is refused or revoked. */
export const GROUNDS_WITHOUT_CONSENT = LEGAL_BASES.filter((basis): basis is Exclude<LegalBasis, 'consent'> => basis !== 'consent');
export type GroundWithoutConsent = Exclude<LegalBasis, 'consent'>;

/**
 * What a form declares for one purpose: its basis, and, when that is consent, the ground the form
 * allows when the person does not or cannot consent, with the answer that must justify it.
 */
export interface PurposeBasis {
  basis: LegalBasis;
  withoutConsent?: {
    basis: GroundWithoutConsent;
    /** The purpose's justification in the submission (free text, personal: kept as a case note). */
    justifiedBy: string;
  };
}

export type LegalBasisDeclaration = Record<ConsentPurpose, PurposeBasis>;

/** Consent for every purpose: the declaration of most forms. */
export const CONSENT_FOR_EVERY_PURPOSE: LegalBasisDeclaration = {
  processing: { basis: 'consent' },
  'follow-up-contact': { basis: 'consent' },
  sharing: { basis: 'consent' },
};

/**
 * The person's consent, or the legal basis used instead, for one purpose (one per partner for
 * sharing), as it stands: recorded at intake, changed by staff later. Ids, codes and times only:
 * statistics may use it, and a justification in the person's words is a case note it points to.
 */
export interface ConsentRecord {
  purpose: ConsentPurpose;
  /** The partner association, for sharing. */
  partnerId?: string;
  basis: LegalBasis;
  /** Whether the person consents (false with another basis: processing goes on without consent). */
  given: boolean;
  /** Where the record comes from: the submission, or staff recording a later change. */
  source: 'intake' | 'staff';
  /** When the record last changed. */
  at: string;
  givenAt?: string;
  /** Who recorded the consent given: a staff or partner user's id; absent for a public form. */
  givenBy?: string;
  revokedAt?: string;
  revokedBy?: string;
  /** The case note holding the justification of a basis other than consent. */
  justificationNoteId?: string;
}

/**
 * Which notice the person was shown at intake, so that the mission can prove what it told them:
 * the form and version, the notice's own version (a hash of its content in that language, as
 * GET /forms/{formId} published it), the language and how it is known, the CNDP reference.
 */
export interface NoticeRecord {
  formId: string;
  formVersion: number;
  /** sha256 (hex) of the notice's content as shown; `notice.version` in GET /forms/{formId}. */
  noticeVersion: string;
  language: 'fr' | 'ar' | 'en';
  /** The client said which language it showed (Notice-Language header), or the API's negotiated one. */
  languageSource: 'notice-language-header' | 'accept-language';
  cndpReference: string;
}
