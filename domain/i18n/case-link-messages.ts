// Problem texts of referrals between programmes, reopening and the best-interests gate (fr/ar/en).
import type { Localized } from './language.ts';

export const caseLinkMessages = {
  'problem.referralWithoutConsent.title': {
    fr: 'Orientation non consentie',
    ar: 'إحالة دون موافقة',
    en: 'Referral not consented',
  },
  'problem.referralWithoutConsent.detail': {
    fr: "La personne n'a pas consenti au traitement de ses données pour ce nouveau programme. Recueillez son consentement, ou indiquez le motif légal qui permet de s'en passer (overrideReason).",
    ar: 'لم يوافق الشخص على معالجة بياناته لهذا البرنامج الجديد. يرجى الحصول على موافقته، أو بيان السند القانوني الذي يغني عنها (overrideReason).',
    en: 'The person has not consented to their data being processed for this new programme. Obtain their consent, or give the legal ground that allows the referral without it (overrideReason).',
  },
  'problem.referralNotAccepted.title': {
    fr: 'Orientation impossible',
    ar: 'الإحالة غير ممكنة',
    en: 'Referral not accepted',
  },
  'problem.referralNotAccepted.detail': {
    fr: "Le programme « {programme} » n'accepte pas d'orientation depuis le programme de ce dossier.",
    ar: 'لا يقبل البرنامج «{programme}» الإحالة من برنامج هذا الملف.',
    en: 'The programme “{programme}” does not accept referrals from this case’s programme.',
  },
  'problem.alreadyReferred.title': {
    fr: 'Déjà orienté',
    ar: 'تمت الإحالة مسبقًا',
    en: 'Already referred',
  },
  'problem.alreadyReferred.detail': {
    fr: 'Ce dossier est déjà orienté vers le programme « {programme} » : le dossier {reference} ({caseId}) est ouvert.',
    ar: 'تمت إحالة هذا الملف مسبقًا إلى البرنامج «{programme}»: الملف {reference} ({caseId}) مفتوح.',
    en: 'This case is already referred to the programme “{programme}”: case {reference} ({caseId}) is open.',
  },
  'problem.caseNotClosed.title': {
    fr: 'Dossier ouvert',
    ar: 'الملف مفتوح',
    en: 'Case open',
  },
  'problem.caseNotClosed.detail': {
    fr: 'Ce dossier est ouvert : seul un dossier clôturé peut être rouvert.',
    ar: 'هذا الملف مفتوح: لا يمكن إعادة فتح إلا ملف مغلق.',
    en: 'This case is open: only a closed case can be reopened.',
  },
  'problem.reopeningNotAllowed.title': {
    fr: 'Réouverture impossible',
    ar: 'إعادة الفتح غير ممكنة',
    en: 'Reopening not allowed',
  },
  'problem.reopeningNotAllowed.detail': {
    fr: 'Les dossiers de ce programme ne peuvent pas être rouverts : ouvrez une nouvelle demande.',
    ar: 'لا يمكن إعادة فتح ملفات هذا البرنامج: يرجى تقديم طلب جديد.',
    en: 'Cases of this programme cannot be reopened: open a new application.',
  },
  'problem.bestInterestsDeterminationRequired.title': {
    fr: "Détermination de l'intérêt supérieur requise",
    ar: 'يلزم تحديد المصلحة الفضلى',
    en: 'Best interests determination required',
  },
  'problem.bestInterestsDeterminationRequired.detail': {
    fr: "Le retour d'un enfant non accompagné ou séparé ne peut être approuvé sans une détermination de l'intérêt supérieur (DIS) enregistrée.",
    ar: 'لا يمكن الموافقة على عودة طفل غير مصحوب أو منفصل عن ذويه دون تسجيل قرار تحديد المصلحة الفضلى.',
    en: 'An unaccompanied or separated child’s return cannot be approved without a recorded best interests determination (BID).',
  },
  'problem.candidateNoLongerAvailable.title': {
    fr: "Le candidat n'est plus disponible",
    ar: 'المرشح لم يعد متاحًا',
    en: 'The candidate is no longer available',
  },
  'problem.candidateNoLongerAvailable.detail': {
    fr: "Le dossier du candidat confirmé est clos ou n'est plus à l'étape où il peut être proposé (expert retiré du registre, par exemple) : enregistrez les réponses autrement.",
    ar: 'ملف المرشح المؤكد مغلق أو لم يعد في المرحلة التي يمكن فيها اقتراحه (خبير انسحب من السجل مثلًا): سجّل الأجوبة بشكل آخر.',
    en: 'The confirmed candidate’s case is closed or no longer at the stage where it may be proposed (an expert who withdrew from the register, for instance): record the answers otherwise.',
  },
} as const satisfies Record<string, Localized>;
