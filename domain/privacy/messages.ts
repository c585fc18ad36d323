// The data-protection routes' problems and field messages (merged into the i18n catalogue), and the
// words of an export's readable summary, in the three languages of the mission.
import type { Localized } from '../i18n/language.ts';

export const privacyMessages = {
  'problem.personErased.title': {
    fr: 'Données déjà effacées',
    ar: 'البيانات محذوفة مسبقًا',
    en: 'Data already erased',
  },
  'problem.personErased.detail': {
    fr: 'Les données de cette personne ont été effacées : il n’y a plus rien à rectifier.',
    ar: 'تم حذف بيانات هذا الشخص: لم يعد هناك ما يمكن تصحيحه.',
    en: 'This person’s data were erased: there is nothing left to correct.',
  },
  'problem.erasureNeedsLegalGround.title': {
    fr: 'Dossier en cours : motif légal requis',
    ar: 'ملف قيد المعالجة: يلزم سند قانوني',
    en: 'Open case: a legal ground is required',
  },
  'problem.erasureNeedsLegalGround.detail': {
    fr: 'Au moins un dossier concerné est encore ouvert ({count}) : indiquez le motif légal de l’effacement (legalGround), qui sera consigné.',
    ar: 'لا يزال ملف واحد على الأقل مفتوحًا ({count}): يرجى ذكر السند القانوني للحذف (legalGround)، وسيتم تسجيله.',
    en: 'At least one case concerned is still open ({count}): give the legal ground of the erasure (legalGround), which is recorded.',
  },
  'problem.subjectNotFound.title': {
    fr: 'Personne introuvable',
    ar: 'الشخص غير موجود',
    en: 'No such person',
  },
  'problem.subjectNotFound.detail': {
    fr: 'Aucune personne ne correspond à ces critères.',
    ar: 'لا يوجد أي شخص مطابق لهذه المعايير.',
    en: 'No person matches these criteria.',
  },
  'field.custom.unknown_field': {
    fr: 'Ce champ n’existe ni dans les données de la personne ni dans le formulaire.',
    ar: 'هذا الحقل غير موجود في بيانات الشخص ولا في الاستمارة.',
    en: 'This field is neither in the person’s data nor in the form.',
  },
  'field.custom.duplicate': {
    fr: '{field} est donné deux fois.',
    ar: '{field} مذكور مرتين.',
    en: '{field} is given twice.',
  },
  'field.custom.identity_required': {
    fr: 'Indiquez un dossier (caseId ou référence), ou prénom, nom et date de naissance, ou un numéro de document.',
    ar: 'يرجى ذكر ملف (caseId أو المرجع)، أو الاسم الشخصي والاسم العائلي وتاريخ الميلاد، أو رقم وثيقة.',
    en: 'Give a case (caseId or reference), or given names, family name and date of birth, or a document number.',
  },
} as const satisfies Record<string, Localized>;

/** The words of an export's summary. */
export const summaryWords = {
  title: { fr: 'Données personnelles détenues', ar: 'البيانات الشخصية المحفوظة', en: 'Personal data held' },
  generatedAt: { fr: 'Établi le', ar: 'تاريخ الإعداد', en: 'Generated on' },
  cases: { fr: 'Dossiers', ar: 'الملفات', en: 'Cases' },
  case: { fr: 'Dossier', ar: 'الملف', en: 'Case' },
  programme: { fr: 'Programme', ar: 'البرنامج', en: 'Programme' },
  status: { fr: 'Statut', ar: 'الحالة', en: 'Status' },
  role: { fr: 'Rôle', ar: 'الدور', en: 'Role' },
  data: { fr: 'Données', ar: 'البيانات', en: 'Data' },
  erased: { fr: 'effacées le', ar: 'حُذفت بتاريخ', en: 'erased on' },
  submissions: { fr: 'Soumissions reçues', ar: 'الطلبات المستلمة', en: 'Submissions received' },
  notes: { fr: 'Notes', ar: 'الملاحظات', en: 'Notes' },
  corrections: { fr: 'Rectifications', ar: 'التصحيحات', en: 'Corrections' },
  shares: { fr: 'Partages avec des partenaires', ar: 'المشاركة مع الشركاء', en: 'Shares with partners' },
  tasks: { fr: 'Étapes de traitement', ar: 'مراحل المعالجة', en: 'Processing steps' },
  history: { fr: 'Événements de l’historique', ar: 'أحداث السجل', en: 'History events' },
  consents: { fr: 'Consentements', ar: 'الموافقات', en: 'Consents' },
  open: { fr: 'ouvert', ar: 'مفتوح', en: 'open' },
  closed: { fr: 'clos', ar: 'مغلق', en: 'closed' },
} as const satisfies Record<string, Localized>;
