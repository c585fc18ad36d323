// What the assessment of a victim of trafficking records, each as a closed list taken from IOM's
// Human Trafficking Case Data Standard (UNMigration/HTCDS): how the person was recruited, how they
// were controlled, the exploitation, where it happened and who recruited them. Codes only: the
// person's account stays where the referral put it (a sensitive field of the person).
import * as z from 'zod';
import { MOROCCAN_REGIONS } from '../forms/fields.ts';

export const RECRUITMENT_METHODS = [
  'abduction',
  'job-offer',
  'education-offer',
  'travel-offer',
  'intimate-partner-or-marriage-proposition',
  'familial',
  'internet',
  'posing-as-benefactor',
  'smuggling',
  'other',
] as const;

export const MEANS_OF_CONTROL = [
  'debt-bondage',
  'takes-earnings',
  'threats',
  'threats-to-family',
  'physical-abuse',
  'psychological-abuse',
  'sexual-abuse',
  'false-promises',
  'restricts-movement',
  'withholds-documents',
  'withholds-necessities',
  'substance-dependency',
  'isolation',
  'other',
] as const;

export const EXPLOITATION_TYPES = [
  'labour-agriculture',
  'labour-construction',
  'labour-domestic-work',
  'labour-fishing',
  'labour-hospitality',
  'labour-manufacturing',
  'labour-mining',
  'labour-other-sector',
  'sexual',
  'forced-marriage',
  'begging',
  'forced-criminality',
  'organ-removal',
  'other',
] as const;

export const RECRUITER_RELATIONSHIPS = [
  'stranger',
  'acquaintance',
  'friend',
  'intimate-partner',
  'family-member',
  'employer',
  'unknown',
] as const;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/** A country (ISO 3166-1 alpha-2), and for Morocco its region. */
export const traffickingLocation = z
  .strictObject({
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .refine((code) => !/^[A-Z]{2}$/.test(code) || regionNames.of(code) !== code, { params: { code: 'unknown_country' } }),
    region: z.enum(MOROCCAN_REGIONS).optional(),
  })
  .superRefine((location, ctx) => {
    if (location.region !== undefined && location.country !== 'MA') {
      ctx.addIssue({ code: 'custom', path: ['region'], params: { code: 'region_only_in_morocco' } });
    }
  });

/** A list of codes, each at most once. */
function codes<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .array(z.enum(values))
    .min(1)
    .max(values.length)
    .superRefine((list, ctx) => {
      if (new Set(list).size !== list.length) ctx.addIssue({ code: 'custom', params: { code: 'duplicate' } });
    });
}

export const traffickingDetails = z.strictObject({
  recruitmentMethods: codes(RECRUITMENT_METHODS),
  meansOfControl: codes(MEANS_OF_CONTROL),
  exploitationTypes: codes(EXPLOITATION_TYPES),
  recruitmentLocations: z.array(traffickingLocation).min(1).max(10),
  exploitationLocations: z.array(traffickingLocation).min(1).max(10),
  recruiterRelationship: z.enum(RECRUITER_RELATIONSHIPS),
});

export type TraffickingDetails = z.output<typeof traffickingDetails>;

export { codes as uniqueCodes };
