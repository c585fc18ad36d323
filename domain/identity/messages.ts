// The problems of the decisions on match suggestions (merged into the i18n catalogue), in the three
// languages of the mission.
import type { Localized } from '../i18n/language.ts';

export const identityMessages = {
  'problem.matchAlreadyDecided.title': {
    fr: 'Suggestion déjà traitée',
    ar: 'تمت معالجة الاقتراح مسبقًا',
    en: 'Suggestion already decided',
  },
  'problem.matchAlreadyDecided.detail': {
    fr: 'Cette suggestion de correspondance a déjà été confirmée ou écartée.',
    ar: 'تم تأكيد اقتراح المطابقة هذا أو رفضه مسبقًا.',
    en: 'This match suggestion was already confirmed or dismissed.',
  },
  'problem.matchNotConfirmed.title': {
    fr: 'Lien non confirmé',
    ar: 'الربط غير مؤكد',
    en: 'Link not confirmed',
  },
  'problem.matchNotConfirmed.detail': {
    fr: 'Seul un lien confirmé peut être annulé.',
    ar: 'لا يمكن إلغاء إلا ربط مؤكد.',
    en: 'Only a confirmed link can be undone.',
  },
  'problem.personAlreadyLinked.title': {
    fr: 'Personne déjà liée',
    ar: 'الشخص مرتبط مسبقًا',
    en: 'Person already linked',
  },
  'problem.personAlreadyLinked.detail': {
    fr: 'Cette personne est déjà liée à une autre identité (ou ses données ont été effacées) : annulez d’abord ce lien.',
    ar: 'هذا الشخص مرتبط مسبقًا بهوية أخرى (أو تم حذف بياناته): يرجى إلغاء هذا الربط أولًا.',
    en: 'This person is already linked to another identity (or their data were erased): undo that link first.',
  },
  'problem.matchCandidateChanged.title': {
    fr: 'La personne proposée a changé',
    ar: 'تغيّر الشخص المقترح',
    en: 'The suggested person changed',
  },
  'problem.matchCandidateChanged.detail': {
    fr: 'La personne de l’autre dossier a été liée, modifiée ou effacée entre-temps : rechargez le dossier.',
    ar: 'تم ربط الشخص في الملف الآخر أو تعديله أو حذفه في الأثناء: يرجى إعادة تحميل الملف.',
    en: 'The person of the other case was linked, changed or erased meanwhile: reload the case.',
  },
} as const satisfies Record<string, Localized>;
