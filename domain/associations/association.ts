// A partner association as an organisation record: the mission's partner in the youth employability
// programme, whose own staff users belong to it (their directory attribute `custom:partnerId`, the
// token claim `partner_id`, is the association's id). Youth cases and capacity assessments hang off
// it: their `partnerId` is its id. Its contact people are personal data: never logged, never in a
// case history; the record itself is read only through the access rules below.
import * as z from 'zod';
import { fieldsOf } from '../forms/define.ts';
import { L, MAX_NAME, labelled, nameText, shortText } from '../forms/fields.ts';
import { MOROCCAN_CITIES } from '../forms/fields.ts';
import { localizeIssues, type FieldError, type Language } from '../i18n/index.ts';
import type { FieldInfo } from '../forms/types.ts';

/** The id staff choose at creation, also set on its users in the directory (e.g. `asso-jeunesse-avenir-sale`). */
export const associationIdPattern = /^[a-z0-9][a-z0-9-]{2,62}$/;
export const ASSOCIATION_STATUSES = ['active', 'inactive'] as const;
export type AssociationStatus = (typeof ASSOCIATION_STATUSES)[number];
export const MAX_CONTACT_PEOPLE = 5;

export interface ContactPerson {
  givenNames: string;
  familyName: string;
  position: string;
  phone?: string;
  email?: string;
}

export interface AssociationRecord {
  associationId: string;
  name: string;
  city: (typeof MOROCCAN_CITIES)[number];
  /** Its registration number (récépissé de dépôt / numéro d'enregistrement). */
  registrationNumber: string;
  contactPeople: ContactPerson[];
  status: AssociationStatus;
  createdAt: string;
  /** The staff user who created it (sub). */
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  /** Optimistic concurrency: an update names the version it read. */
  version: number;
}

export const associationIdSchema = labelled(
  z.string().regex(associationIdPattern),
  L("Identifiant de l'association", 'معرّف الجمعية', 'Association identifier'),
  L(
    'Minuscules, chiffres et tirets (3 à 63 caractères), par exemple asso-jeunesse-avenir-sale : le même identifiant est donné à ses utilisateurs dans l’annuaire.',
    'حروف صغيرة وأرقام وشرطات (من 3 إلى 63 حرفًا)، مثل asso-jeunesse-avenir-sale: يُعطى المعرّف نفسه لمستخدميها في الدليل.',
    'Lower-case letters, digits and hyphens (3 to 63 characters), e.g. asso-jeunesse-avenir-sale: the same id is given to its users in the directory.',
  ),
);

const contactPersonSchema = z
  .object({
    givenNames: nameText(L('Prénom(s)', 'الاسم الشخصي', 'Given name(s)')),
    familyName: nameText(L('Nom de famille', 'الاسم العائلي', 'Family name')),
    position: shortText(L('Fonction', 'الصفة', 'Position')),
    phone: labelled(z.e164(), L('Téléphone', 'رقم الهاتف', 'Phone number')).optional(),
    email: labelled(z.email().max(254), L('Adresse électronique', 'البريد الإلكتروني', 'Email address')).optional(),
  })
  .strict();

const details = {
  name: labelled(
    z
      .string()
      .trim()
      .min(1)
      .max(MAX_NAME * 2),
    L("Nom de l'association", 'اسم الجمعية', 'Name of the association'),
  ),
  city: labelled(z.enum(MOROCCAN_CITIES), L('Ville du siège', 'مدينة المقر', 'City of the head office')),
  registrationNumber: labelled(z.string().trim().min(1).max(64), L("Numéro d'enregistrement", 'رقم التسجيل', 'Registration number')),
  contactPeople: labelled(
    z.array(contactPersonSchema).min(1).max(MAX_CONTACT_PEOPLE),
    L('Personnes de contact', 'الأشخاص المخاطَبون', 'Contact people'),
  ),
};

/** POST /associations. */
export const associationCreateSchema = z.object({ associationId: associationIdSchema, ...details }).strict();
export type AssociationCreate = z.output<typeof associationCreateSchema>;

/** PUT /associations/{associationId}: the whole record as it should be, from the version read. */
export const associationUpdateSchema = z
  .object({
    ...details,
    status: labelled(z.enum(ASSOCIATION_STATUSES), L('Statut', 'الحالة', 'Status')),
    version: labelled(z.int().min(1), L('Version lue', 'النسخة المقروءة', 'Version read')),
  })
  .strict();
export type AssociationUpdate = z.output<typeof associationUpdateSchema>;

const createFields: Record<string, FieldInfo> = fieldsOf(associationCreateSchema);
const updateFields: Record<string, FieldInfo> = fieldsOf(associationUpdateSchema);

/** A body checked against its schema: the value, or every field error in the caller's language. */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

function check<S extends z.ZodType>(schema: S, fields: Record<string, FieldInfo>, body: unknown, language: Language): Checked<z.output<S>> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: localizeIssues(parsed.error.issues, language, (pointer) => fields[pointer]?.label, { value: body }) };
}

export const checkAssociationCreate = (body: unknown, language: Language) => check(associationCreateSchema, createFields, body, language);
export const checkAssociationUpdate = (body: unknown, language: Language) => check(associationUpdateSchema, updateFields, body, language);

/** A new association, active. */
export function newAssociation(input: AssociationCreate, by: string, now: Date): AssociationRecord {
  const at = now.toISOString();
  return { ...input, status: 'active', createdAt: at, createdBy: by, updatedAt: at, updatedBy: by, version: 1 };
}

/** The association as changed from the version the caller read; 'stale' when that is not the current one. */
export function changedAssociation(
  current: AssociationRecord,
  input: AssociationUpdate,
  by: string,
  now: Date,
): AssociationRecord | 'stale' {
  if (input.version !== current.version) return 'stale';
  const { version: _read, ...changes } = input;
  return { ...current, ...changes, updatedAt: now.toISOString(), updatedBy: by, version: current.version + 1 };
}

/** What an association is to a submission made for it. */
export function submissionRefusal(association: AssociationRecord | undefined): 'unknown' | 'inactive' | undefined {
  if (!association) return 'unknown';
  return association.status === 'active' ? undefined : 'inactive';
}

/** A realistic association, also the OpenAPI example. */
export const exampleAssociation: z.input<typeof associationCreateSchema> = {
  associationId: 'asso-jeunesse-avenir-sale',
  name: 'Association Jeunesse Avenir Salé',
  city: 'sale',
  registrationNumber: 'SALE-2014-0387',
  contactPeople: [
    { givenNames: 'Naima', familyName: 'Bennani', position: 'Présidente', phone: '+212661112233', email: 'contact@jeunesse-avenir.ma' },
    { givenNames: 'Youssef', familyName: 'Tazi', position: 'Coordinateur du programme jeunes', phone: '+212662445566' },
  ],
};
