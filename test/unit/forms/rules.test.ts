import { getForm, validateSubmission } from '../../../domain/forms/index.ts';
import { describe, it, expect } from 'vitest';
import { codesOf, errorsOf, example, remove, set } from './helpers.ts';

describe('AVRR application rules', () => {
  const id = 'avrr-application';

  it('rejects a child applicant with neither guardian nor unaccompanied flag (guardian_required at /guardian)', () => {
    // Example 1 is a 16-year-old flagged as unaccompanied; remove the flag and nothing else.
    const body = set(example(id, 1), '/vulnerabilities/indicators', []);
    set(body, '/escortNeeded', false);
    expect(codesOf(id, body)).toEqual(['/guardian guardian_required']);
  });

  it('accepts the same child once a guardian is given', () => {
    const body = set(example(id, 1), '/vulnerabilities/indicators', []);
    set(body, '/guardian', { givenNames: 'Mariam', familyName: 'Koné', relationship: 'parent', phone: '+2250701020304' });
    expect(() => errorsOf(id, body)).toThrow('expected the submission to be rejected');
  });

  it('measures age at the declaration date, not today: an adult on that day needs no guardian', () => {
    const body = set(example(id, 1), '/vulnerabilities/indicators', []);
    set(body, '/escortNeeded', false);
    set(body, '/applicant/dateOfBirth', '2008-04-02'); // 18 on the declaration date 2026-04-02
    expect(() => errorsOf(id, body)).toThrow('expected the submission to be rejected');
    set(body, '/applicant/dateOfBirth', '2008-04-03'); // one day short
    expect(codesOf(id, body)).toEqual(['/guardian guardian_required']);
  });

  it('rejects incoherent dates with date_order at each date', () => {
    const body = set(example(id, 0), '/applicant/dateOfBirth', '2026-03-11');
    set(body, '/familyMembers/1/dateOfBirth', '2027-01-01');
    // The age rule does not judge a date of birth already found wrong, so no guardian_required here.
    expect(codesOf(id, body)).toEqual(['/applicant/dateOfBirth date_order', '/familyMembers/1/dateOfBirth date_order']);
    expect(errorsOf(id, body, 'fr')[1]?.message).toBe(
      'Le champ « Date de naissance » ne peut pas être postérieur au 2026-03-10 (Date de la déclaration).',
    );
    expect(errorsOf(id, body, 'ar')[1]?.message).toBe('الحقل «تاريخ الميلاد» لا يمكن أن يكون بعد 2026-03-10 (تاريخ التصريح).');
  });

  it('requires a contact means unless reachable via the counsellor', () => {
    const body = set(example(id, 0), '/contact', {});
    expect(codesOf(id, body)).toEqual(['/contact contact_required']);
    set(body, '/contact', { reachableViaCounsellor: false });
    expect(codesOf(id, body)).toEqual(['/contact contact_required']);
    set(body, '/contact', { email: 'm.diallo@example.org' });
    expect(() => errorsOf(id, body)).toThrow();
  });

  it('requires consent to processing', () => {
    const body = set(example(id, 0), '/consent/processing', false);
    const errors = errorsOf(id, body, 'en');
    expect(errors).toEqual([
      {
        pointer: '/consent/processing',
        code: 'consent_required',
        message: 'Consent to data processing is required to handle the request.',
      },
    ]);
  });

  it('keeps the medical and escort flags consistent with the vulnerability indicators', () => {
    const body = set(example(id, 0), '/medicalNeeds', false);
    // Ticking medicalNeeds fixes both, so only the first complaint is made.
    expect(codesOf(id, body)).toEqual(['/medicalNeeds medical_needs_implied']);
    const noCondition = set(example(id, 0), '/medicalNeeds', false);
    set(noCondition, '/vulnerabilities/indicators', []);
    expect(codesOf(id, noCondition)).toEqual(['/medicalDescription not_applicable']);
    const child = set(example(id, 1), '/escortNeeded', false);
    expect(codesOf(id, child)).toEqual(['/escortNeeded escort_required']);
  });

  it('asks for details when "other" is chosen', () => {
    const body = set(example(id, 2), '/vulnerabilities/indicators', ['elderly', 'other']);
    set(body, '/returnReasons/reasons', ['other']);
    expect(codesOf(id, body)).toEqual(['/vulnerabilities/otherDetails details_required', '/returnReasons/details details_required']);
  });

  it('rejects unknown keys at every level, one error per key', () => {
    const body = set(example(id, 0), '/nickname', 'Mamou');
    set(body, '/applicant/religion', 'x');
    set(body, '/familyMembers/0/phone', '+212600000000');
    expect(codesOf(id, body)).toEqual([
      '/applicant/religion unrecognized_key',
      '/familyMembers/0/phone unrecognized_key',
      '/nickname unrecognized_key',
    ]);
  });

  it('lists every field error of a bad body, in French by default, Arabic and English on request', () => {
    const body = example(id, 0);
    remove(body, '/applicant/familyName');
    set(body, '/applicant/nationality', 'XX');
    set(body, '/contact/phone', '0612345678');
    set(body, '/intendedReturn/regionOrCity', 'x'.repeat(201));
    set(body, '/familyMembers/0/sex', 'f');
    set(body, '/channel', { type: 'counsellor-assisted' });
    set(body, '/declarationDate', '10/03/2026');

    expect(errorsOf(id, body)).toEqual([
      { pointer: '/applicant/familyName', code: 'required', message: 'Le champ « Nom de famille » est obligatoire.' },
      {
        pointer: '/applicant/nationality',
        code: 'unknown_country',
        message: 'Le champ « Nationalité » doit être un code pays ISO 3166-1 existant, par exemple GN, CI, SN ou CM.',
      },
      {
        pointer: '/contact/phone',
        code: 'invalid_format',
        message: 'Le champ « Téléphone » doit être un numéro de téléphone au format international, par exemple +212612345678.',
      },
      {
        pointer: '/intendedReturn/regionOrCity',
        code: 'too_big',
        message: 'Le champ « Région ou ville de retour » ne doit pas dépasser 200 caractères.',
      },
      {
        pointer: '/familyMembers/0/sex',
        code: 'invalid_value',
        message: 'Le champ « Sexe » doit être l’une des valeurs suivantes : « female », « male », « other ».',
      },
      {
        pointer: '/declarationDate',
        code: 'invalid_format',
        message: 'Le champ « Date de la déclaration » doit être une date valide au format AAAA-MM-JJ.',
      },
      { pointer: '/channel/counsellorId', code: 'required', message: 'Le champ « Identifiant du conseiller » est obligatoire.' },
    ]);

    expect(errorsOf(id, body, 'ar').map((e) => e.message)).toEqual([
      'الحقل «الاسم العائلي» مطلوب.',
      'الحقل «الجنسية» يجب أن يكون رمز بلد موجودًا وفق معيار ISO 3166-1، مثل GN أو CI أو SN أو CM.',
      'الحقل «رقم الهاتف» يجب أن يكون رقم هاتف بالصيغة الدولية، مثل ‎+212612345678.',
      'الحقل «منطقة أو مدينة العودة» يجب ألا يتجاوز 200 حرفًا.',
      'الحقل «الجنس» يجب أن يكون إحدى القيم التالية: «female»، «male»، «other».',
      'الحقل «تاريخ التصريح» يجب أن يكون تاريخًا صالحًا بالصيغة YYYY-MM-DD.',
      'الحقل «معرّف المستشار» مطلوب.',
    ]);

    expect(errorsOf(id, body, 'en').map((e) => e.message)).toEqual([
      'The field “Family name” is required.',
      'The field “Nationality” must be an existing ISO 3166-1 country code, e.g. GN, CI, SN or CM.',
      'The field “Phone number” must be a phone number in international format, for example +212612345678.',
      'The field “Region or city of return” must be at most 200 characters long.',
      'The field “Sex” must be one of: “female”, “male”, “other”.',
      'The field “Date of the declaration” must be a valid date in the format YYYY-MM-DD.',
      'The field “Counsellor identifier” is required.',
    ]);
  });

  it('reports cross-field rules together with unrelated field errors, in one answer', () => {
    const body = set(example(id, 1), '/vulnerabilities/indicators', []);
    set(body, '/escortNeeded', false);
    set(body, '/contact', { reachableViaCounsellor: true, email: 'not-an-email' });
    set(body, '/intendedReturn/country', 'ci');
    expect(codesOf(id, body)).toEqual([
      '/contact/email invalid_format',
      '/intendedReturn/country invalid_format',
      '/guardian guardian_required',
    ]);
  });

  it('does not run a rule on a field that is itself invalid', () => {
    const body = set(example(id, 1), '/vulnerabilities/indicators', []);
    set(body, '/escortNeeded', false);
    set(body, '/applicant/dateOfBirth', '2009-13-01');
    expect(codesOf(id, body)).toEqual(['/applicant/dateOfBirth invalid_format']);
  });

  it('bounds lists and free text', () => {
    const member = (example(id, 0).familyMembers as unknown[])[0];
    const body = set(
      example(id, 0),
      '/familyMembers',
      Array.from({ length: 21 }, () => member),
    );
    set(body, '/medicalDescription', 'x'.repeat(2001));
    expect(codesOf(id, body)).toEqual(['/familyMembers too_big', '/medicalDescription too_big']);
  });
});

describe('protection referral rules', () => {
  const id = 'protection-referral';

  it('needs a date of birth or an estimated age', () => {
    const body = remove(example(id, 0), '/person/ageEstimate');
    expect(codesOf(id, body)).toContain('/person/dateOfBirth birth_date_or_age_required');
  });

  it('a child in another category needs a guardian', () => {
    const body = set(example(id, 0), '/vulnerability/category', 'medical');
    expect(codesOf(id, body)).toEqual(['/guardian guardian_required']);
  });

  it('a child without consent needs a best-interests justification; an adult needs consent', () => {
    const child = remove(example(id, 0), '/consent/bestInterestsJustification');
    expect(codesOf(id, child)).toEqual(['/consent/processing consent_or_best_interests_required']);
    const adult = set(example(id, 1), '/consent/processing', false);
    expect(codesOf(id, adult)).toEqual(['/consent/processing consent_required']);
  });

  it('refuses a date of birth after the referral', () => {
    const body = set(example(id, 1), '/person/dateOfBirth', '2026-03-04');
    expect(codesOf(id, body)).toContain('/person/dateOfBirth date_order');
  });
});

describe('migration and development rules', () => {
  it('availability cannot start before the declaration date', () => {
    const body = set(example('diaspora-expert-registration', 0), '/availability/from', '2026-04-14');
    expect(errorsOf('diaspora-expert-registration', body, 'en')).toEqual([
      {
        pointer: '/availability/from',
        code: 'date_order',
        message: 'The field “Available from” cannot be earlier than 2026-04-15 (Date of the declaration).',
      },
    ]);
  });

  it('intended return date and qualification years are checked against the declaration', () => {
    const body = set(example('skilled-return-application', 0), '/intendedReturnDate', '2026-01-01');
    set(body, '/qualifications/1/year', 2027);
    expect(codesOf('skilled-return-application', body)).toEqual(['/qualifications/1/year date_order', '/intendedReturnDate date_order']);
  });
});

describe('youth enrolment rules', () => {
  const id = 'youth-enrolment';

  it('accepts 15 to 35 years at the enrolment date only', () => {
    const tooOld = set(example(id, 0), '/youth/dateOfBirth', '1990-03-15'); // 36 on 2026-03-16
    expect(codesOf(id, tooOld)).toEqual(['/youth/dateOfBirth age_out_of_range']);
    expect(errorsOf(id, tooOld, 'ar')[0]?.message).toBe('يجب أن يكون عمر الشخص بين 15 و35 سنة في التاريخ المرجعي (2026-03-16).');
    const oldest = set(example(id, 0), '/youth/dateOfBirth', '1990-03-17'); // still 35
    expect(() => errorsOf(id, oldest)).toThrow();
  });

  it('a minor needs a guardian and their consent', () => {
    const body = remove(example(id, 1), '/guardian');
    remove(body, '/guardianConsent');
    expect(codesOf(id, body)).toEqual(['/guardian guardian_required', '/guardianConsent guardian_consent_required']);
    set(body, '/educationLevel', 'college');
    expect(codesOf(id, body)).toEqual([
      '/educationLevel invalid_value',
      '/guardian guardian_required',
      '/guardianConsent guardian_consent_required',
    ]);
  });

  it('version 2 has no partner field; version 1 only accepts known partner associations', () => {
    expect(codesOf(id, set(example(id, 0), '/partnerId', 'asso-jeunesse-avenir-sale'))).toHaveLength(1);
    const v1 = getForm(id, 1)!;
    const result = validateSubmission(v1, { ...structuredClone(v1.examples[0] as object), partnerId: 'some-other-association' });
    expect(result.ok ? [] : result.errors.map((e) => `${e.pointer} ${e.code}`)).toEqual(['/partnerId invalid_value']);
  });
});

describe('association capacity assessment rules', () => {
  const id = 'association-capacity-assessment';

  it('scores are whole numbers from 1 to 4 per sub-item and the foundation year is not in the future', () => {
    const body = set(example(id, 0), '/scores/governance/board', 5);
    set(body, '/scores/sustainability/advocacy', 0);
    set(body, '/scores/financialManagement/budgeting', 2.5);
    expect(codesOf(id, body)).toEqual([
      '/scores/governance/board too_big',
      '/scores/financialManagement/budgeting invalid_type',
      '/scores/sustainability/advocacy too_small',
    ]);
    const future = set(example(id, 0), '/association/foundedYear', 2027);
    expect(codesOf(id, future)).toEqual(['/association/foundedYear date_order']);
  });

  it('the focal person must be reachable', () => {
    const body = remove(example(id, 0), '/focalPerson/email');
    expect(codesOf(id, body)).toEqual(['/focalPerson contact_required']);
  });
});
