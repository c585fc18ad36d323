// The notice law 09-08 requires at collection (art. 5): who the controller is, the purposes, the
// recipients, the person's rights and how to use them, which answers are mandatory, and the
// reference of the CNDP declaration or authorisation. The mandatory answers are derived from the
// form's schema, so the notice cannot drift from what the API actually requires.
import { createHash } from 'node:crypto';
import type { Language, Localized } from '../i18n/index.ts';
import type { NoticeRecord } from '../consent/legal-basis.ts';
import { topLevelProperties } from './define.ts';
import type { FormDefinition } from './types.ts';

/** Deployment configuration of the notice (environment variables set by CDK from context). */
export interface NoticeConfig {
  controllerName: string;
  dataProtectionContact: string;
  cndpReference: string;
}

export interface PrivacyNotice {
  controller: string;
  purposes: string[];
  recipients: string[];
  rights: string[];
  howToExerciseRights: string;
  /** Localized labels of the top-level answers the form requires. */
  mandatoryAnswers: string[];
  /** Localized labels of the top-level answers that may be left out. */
  optionalAnswers: string[];
  mandatoryAnswersNote: string;
  /** The CNDP declaration or authorisation reference, as configured. */
  cndpReference: string;
  cndpStatement: string;
  /**
   * The notice's version: sha256 (hex) of everything above, in this language. A submission records
   * it, so that the mission can prove which notice applied; any change of text or configuration
   * changes it.
   */
  version: string;
}

/** By form id: a form without purposes has no notice, and the unit tests fail. */
const PURPOSES: Record<string, Localized[]> = {
  'avrr-application': [
    {
      fr: 'Instruire votre demande d’aide au retour volontaire et en assurer le suivi.',
      ar: 'دراسة طلبكم للمساعدة على العودة الطوعية وتتبعه.',
      en: 'To assess and follow up your application for assisted voluntary return.',
    },
    {
      fr: 'Organiser votre retour et votre réintégration, y compris l’assistance médicale si vous la demandez.',
      ar: 'تنظيم عودتكم وإعادة إدماجكم، بما في ذلك المساعدة الطبية إذا طلبتموها.',
      en: 'To organise your return and reintegration, including medical assistance if you ask for it.',
    },
  ],
  'protection-referral': [
    {
      fr: 'Évaluer votre situation de vulnérabilité et vous orienter vers une protection adaptée.',
      ar: 'تقييم وضعية هشاشتكم وتوجيهكم نحو حماية ملائمة.',
      en: 'To assess your situation of vulnerability and refer you to suitable protection.',
    },
    {
      fr: 'Gérer votre dossier et suivre l’assistance fournie.',
      ar: 'تدبير ملفكم وتتبع المساعدة المقدمة.',
      en: 'To manage your case and follow up the assistance provided.',
    },
  ],
  'diaspora-expert-registration': [
    {
      fr: 'Enregistrer vos compétences et les rapprocher des besoins des institutions d’accueil au Maroc.',
      ar: 'تسجيل كفاءاتكم ومطابقتها مع احتياجات المؤسسات المستقبِلة في المغرب.',
      en: 'To record your skills and match them with the needs of host institutions in Morocco.',
    },
    {
      fr: 'Suivre les missions qui vous sont confiées.',
      ar: 'تتبع المهام التي تُسند إليكم.',
      en: 'To follow up the assignments entrusted to you.',
    },
  ],
  'host-institution-need': [
    {
      fr: 'Examiner le besoin de votre institution et vous contacter à son sujet, en tant que personne de contact.',
      ar: 'دراسة حاجة مؤسستكم والتواصل معكم بشأنها بصفتكم الشخص المكلف بالتواصل.',
      en: "To examine your institution's need and contact you about it, as its contact person.",
    },
    {
      fr: 'Rapprocher ce besoin des experts de la diaspora et suivre la mission qui en découle.',
      ar: 'مطابقة هذه الحاجة مع خبراء الجالية وتتبع المهمة الناتجة عنها.',
      en: 'To match this need with diaspora experts and follow up the resulting mission.',
    },
  ],
  'skilled-return-application': [
    {
      fr: 'Instruire votre demande d’accompagnement au retour qualifié et suivre votre projet.',
      ar: 'دراسة طلبكم للمواكبة في إطار العودة المؤهلة وتتبع مشروعكم.',
      en: 'To assess your application for skilled-return support and follow up your project.',
    },
  ],
  'youth-enrolment': [
    {
      fr: 'Inscrire les jeunes au programme d’employabilité et suivre leur parcours.',
      ar: 'تسجيل الشباب في برنامج قابلية التشغيل وتتبع مسارهم.',
      en: 'To enrol young people in the employability programme and follow their progress.',
    },
  ],
  'association-capacity-assessment': [
    {
      fr: 'Évaluer et renforcer les capacités des associations partenaires.',
      ar: 'تقييم قدرات الجمعيات الشريكة وتعزيزها.',
      en: 'To assess and strengthen the capacities of partner associations.',
    },
  ],
};

const STATISTICS: Localized = {
  fr: 'Produire des statistiques anonymes sur le programme.',
  ar: 'إعداد إحصاءات مجهولة الهوية حول البرنامج.',
  en: 'To produce anonymous statistics on the programme.',
};

const RECIPIENTS: Localized[] = [
  {
    fr: 'Le personnel habilité de la mission, selon son rôle.',
    ar: 'موظفو البعثة المؤهَّلون، كلٌّ حسب دوره.',
    en: 'Authorised mission staff, according to their role.',
  },
  {
    fr: 'Une association partenaire, uniquement pour les finalités auxquelles vous avez consenti.',
    ar: 'جمعية شريكة، فقط للأغراض التي وافقتم عليها.',
    en: 'A partner association, only for the purposes you consented to.',
  },
  {
    fr: 'Les bailleurs de fonds, uniquement sous forme de statistiques anonymes.',
    ar: 'الجهات المانحة، فقط في شكل إحصاءات مجهولة الهوية.',
    en: 'Donors, only as anonymous statistics.',
  },
];

const RIGHTS: Localized[] = [
  {
    fr: 'Droit d’accès à vos données.',
    ar: 'الحق في الولوج إلى معطياتكم.',
    en: 'The right to access your data.',
  },
  {
    fr: 'Droit de rectification de vos données.',
    ar: 'الحق في تصحيح معطياتكم.',
    en: 'The right to have your data corrected.',
  },
  {
    fr: 'Droit d’opposition, pour des motifs légitimes, au traitement de vos données.',
    ar: 'الحق في التعرض، لأسباب مشروعة، على معالجة معطياتكم.',
    en: 'The right to object, on legitimate grounds, to the processing of your data.',
  },
];

const TEXT = {
  controller: {
    fr: 'Responsable du traitement : {name}.',
    ar: 'المسؤول عن المعالجة: {name}.',
    en: 'Data controller: {name}.',
  },
  howTo: {
    fr: 'Pour exercer ces droits, adressez-vous à : {contact}.',
    ar: 'لممارسة هذه الحقوق، يُرجى التواصل مع: {contact}.',
    en: 'To exercise these rights, contact: {contact}.',
  },
  mandatory: {
    fr: 'Les réponses obligatoires sont nécessaires au traitement de votre demande ; sans elles, le formulaire ne peut pas être envoyé. Les autres réponses sont facultatives.',
    ar: 'الأجوبة الإلزامية ضرورية لمعالجة طلبكم، ولا يمكن إرسال الاستمارة بدونها. أما باقي الأجوبة فاختيارية.',
    en: 'Mandatory answers are needed to process your request; without them the form cannot be sent. The other answers are optional.',
  },
  cndp: {
    fr: 'Traitement déclaré à la CNDP sous la référence {reference}.',
    ar: 'معالجة مصرح بها لدى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي تحت المرجع {reference}.',
    en: 'Processing declared to the CNDP under reference {reference}.',
  },
} satisfies Record<string, Localized>;

function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? '');
}

/** Top-level fields of the submission body, split by whether the schema requires them. */
export function topLevelFields(form: FormDefinition): { required: string[]; optional: string[] } {
  // Not generateJsonSchema: every submission records its notice, and a copy of the schema each time is waste.
  const { properties, required } = topLevelProperties(form.schema);
  return { required: properties.filter((p) => required.has(p)), optional: properties.filter((p) => !required.has(p)) };
}

function labelOf(form: FormDefinition, key: string, lang: Language): string {
  return form.fields[`/${key}`]?.label[lang] ?? key;
}

export function privacyNotice(form: FormDefinition, config: NoticeConfig, lang: Language): PrivacyNotice {
  const content = noticeContent(form, config, lang);
  return { ...content, version: createHash('sha256').update(JSON.stringify(content)).digest('hex') };
}

/** What a submission records about the notice shown: ids, version and language, never its text. */
export function noticeRecord(
  form: FormDefinition,
  config: NoticeConfig,
  lang: Language,
  languageSource: NoticeRecord['languageSource'],
): NoticeRecord {
  return {
    formId: form.id,
    formVersion: form.version,
    noticeVersion: privacyNotice(form, config, lang).version,
    language: lang,
    languageSource,
    cndpReference: config.cndpReference,
  };
}

function noticeContent(form: FormDefinition, config: NoticeConfig, lang: Language): Omit<PrivacyNotice, 'version'> {
  const { required, optional } = topLevelFields(form);
  return {
    controller: fill(TEXT.controller[lang], { name: config.controllerName }),
    purposes: [...(PURPOSES[form.id] ?? []), STATISTICS].map((p) => p[lang]),
    recipients: RECIPIENTS.map((r) => r[lang]),
    rights: RIGHTS.map((r) => r[lang]),
    howToExerciseRights: fill(TEXT.howTo[lang], { contact: config.dataProtectionContact }),
    mandatoryAnswers: required.map((key) => labelOf(form, key, lang)),
    optionalAnswers: optional.map((key) => labelOf(form, key, lang)),
    mandatoryAnswersNote: TEXT.mandatory[lang],
    cndpReference: config.cndpReference,
    cndpStatement: fill(TEXT.cndp[lang], { reference: config.cndpReference }),
  };
}
