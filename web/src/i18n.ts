// The client's own words in French, Arabic and English (the forms' words come from the API).
import { MOROCCO_OFFSETS, MOROCCO_OFFSETS_UNTIL } from './morocco-offsets.ts';

export const LANGUAGES = ['fr', 'ar', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<Language, string> = { fr: 'Français', ar: 'العربية', en: 'English' };

const TEXTS = {
  appTitle: { fr: 'Formulaires de la mission', ar: 'استمارات البعثة', en: 'Mission forms' },
  skipToContent: { fr: 'Aller au contenu', ar: 'الانتقال إلى المحتوى', en: 'Skip to content' },
  languageLabel: { fr: 'Langue', ar: 'اللغة', en: 'Language' },
  formsHeading: { fr: 'Choisir un formulaire', ar: 'اختر استمارة', en: 'Choose a form' },
  formsIntro: {
    fr: 'Remplissez le formulaire qui correspond à votre demande. Vous pouvez changer de langue à tout moment sans perdre vos réponses.',
    ar: 'املأ الاستمارة التي تناسب طلبك. يمكنك تغيير اللغة في أي وقت دون فقدان إجاباتك.',
    en: 'Fill in the form that matches your request. You can change the language at any time without losing your answers.',
  },
  loading: { fr: 'Chargement…', ar: 'جارٍ التحميل…', en: 'Loading…' },
  loadFailed: {
    fr: 'Le formulaire n’a pas pu être chargé. Vérifiez votre connexion et réessayez.',
    ar: 'تعذر تحميل الاستمارة. تحقق من اتصالك وأعد المحاولة.',
    en: 'The form could not be loaded. Check your connection and try again.',
  },
  retry: { fr: 'Réessayer', ar: 'إعادة المحاولة', en: 'Try again' },
  notFound: { fr: 'Page introuvable.', ar: 'الصفحة غير موجودة.', en: 'Page not found.' },
  backToForms: { fr: 'Retour aux formulaires', ar: 'العودة إلى الاستمارات', en: 'Back to the forms' },
  required: { fr: '(obligatoire)', ar: '(إلزامي)', en: '(required)' },
  add: { fr: 'Ajouter', ar: 'إضافة', en: 'Add' },
  remove: { fr: 'Retirer', ar: 'حذف', en: 'Remove' },
  choose: { fr: '— Choisir —', ar: '— اختر —', en: '— Choose —' },
  listHelp: {
    fr: 'Plusieurs valeurs : séparez-les par des virgules.',
    ar: 'عدة قيم: افصل بينها بفواصل.',
    en: 'Several values: separate them with commas.',
  },
  submit: { fr: 'Envoyer la demande', ar: 'إرسال الطلب', en: 'Send the request' },
  sending: { fr: 'Envoi en cours…', ar: 'جارٍ الإرسال…', en: 'Sending…' },
  errorSummary: {
    fr: 'La demande n’a pas été envoyée. Corrigez les réponses suivantes :',
    ar: 'لم يُرسل الطلب. صحّح الإجابات التالية:',
    en: 'The request was not sent. Correct the following answers:',
  },
  offline: {
    fr: 'Vous êtes hors ligne. Vos réponses sont gardées sur cet appareil ; vous pourrez envoyer la demande dès le retour de la connexion.',
    ar: 'أنت غير متصل بالإنترنت. إجاباتك محفوظة على هذا الجهاز؛ يمكنك إرسال الطلب عند عودة الاتصال.',
    en: 'You are offline. Your answers are kept on this device; you can send the request as soon as the connection is back.',
  },
  online: {
    fr: 'La connexion est revenue : vous pouvez envoyer la demande.',
    ar: 'عاد الاتصال: يمكنك إرسال الطلب.',
    en: 'The connection is back: you can send the request.',
  },
  networkFailed: {
    fr: 'La demande n’a pas pu être envoyée (problème de réseau). Vos réponses sont gardées sur cet appareil. Réessayez : la demande ne sera enregistrée qu’une seule fois.',
    ar: 'تعذر إرسال الطلب (مشكلة في الشبكة). إجاباتك محفوظة على هذا الجهاز. أعد المحاولة: لن يُسجَّل الطلب إلا مرة واحدة.',
    en: 'The request could not be sent (network problem). Your answers are kept on this device. Try again: the request will be recorded only once.',
  },
  unavailable: {
    fr: 'Le service est momentanément indisponible. Réessayez dans quelques instants : la demande ne sera enregistrée qu’une seule fois.',
    ar: 'الخدمة غير متاحة مؤقتًا. أعد المحاولة بعد لحظات: لن يُسجَّل الطلب إلا مرة واحدة.',
    en: 'The service is unavailable for a moment. Try again shortly: the request will be recorded only once.',
  },
  draftRestored: {
    fr: 'Vos réponses précédentes ont été retrouvées sur cet appareil.',
    ar: 'تم استرجاع إجاباتك السابقة من هذا الجهاز.',
    en: 'Your earlier answers were found on this device.',
  },
  discardDraft: { fr: 'Effacer mes réponses', ar: 'مسح إجاباتي', en: 'Clear my answers' },
  noticeHeading: {
    fr: 'Protection de vos données (loi 09-08)',
    ar: 'حماية معطياتك الشخصية (القانون 09-08)',
    en: 'Protection of your data (law 09-08)',
  },
  doneHeading: { fr: 'Demande reçue', ar: 'تم استلام الطلب', en: 'Request received' },
  yourReference: { fr: 'Votre référence', ar: 'مرجعك', en: 'Your reference' },
  receivedAt: { fr: 'Reçue le', ar: 'تاريخ الاستلام', en: 'Received on' },
  nextHeading: { fr: 'Et maintenant ?', ar: 'ماذا بعد؟', en: 'What happens next' },
  next1: {
    fr: 'Notez votre référence : donnez-la à chaque échange avec la mission.',
    ar: 'احتفظ بمرجعك: اذكره في كل تواصل مع البعثة.',
    en: 'Keep your reference: give it whenever you contact the mission.',
  },
  next2: {
    fr: 'Un agent de la mission examine votre demande et vous contacte, directement ou par votre conseiller.',
    ar: 'يدرس أحد موظفي البعثة طلبك ويتواصل معك مباشرة أو عبر مستشارك.',
    en: 'A member of the mission’s staff reviews your request and contacts you, directly or through your counsellor.',
  },
  next3: {
    fr: 'Vous pouvez retirer votre demande à tout moment en contactant la mission.',
    ar: 'يمكنك سحب طلبك في أي وقت بالتواصل مع البعثة.',
    en: 'You may withdraw your request at any time by contacting the mission.',
  },
  newRequest: { fr: 'Remplir un autre formulaire', ar: 'ملء استمارة أخرى', en: 'Fill in another form' },
  staffConsole: { fr: 'Espace du personnel', ar: 'فضاء الموظفين', en: 'Staff console' },
  variant: { fr: 'Choisissez', ar: 'اختر', en: 'Choose' },
} satisfies Record<string, Record<Language, string>>;

export type TextKey = keyof typeof TEXTS;

export function t(key: TextKey, language: Language): string {
  return TEXTS[key][language];
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function direction(language: Language): 'rtl' | 'ltr' {
  return language === 'ar' ? 'rtl' : 'ltr';
}

/** Morocco's offset from UTC at `ms` (minutes), from the table; undefined outside it. */
export function moroccoOffset(ms: number): number | undefined {
  if (!(ms >= (MOROCCO_OFFSETS[0]?.[0] ?? Infinity) && ms < MOROCCO_OFFSETS_UNTIL)) return undefined;
  let lo = 0;
  let hi = MOROCCO_OFFSETS.length - 1;
  // The last period starting at or before ms.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((MOROCCO_OFFSETS[mid] as readonly [number, number])[0] <= ms) lo = mid;
    else hi = mid - 1;
  }
  return MOROCCO_OFFSETS[lo]?.[1];
}

/**
 * A date and time as the language writes them, in Morocco's time (the mission's), whatever the
 * device's time zone: the same instant reads the same on every page and every screen. Morocco's
 * offset comes from the table generated from Node's tz data (scripts/morocco-offsets.ts), not from
 * the browser's copy, which some browsers have wrong for Morocco.
 */
export function formatWhen(iso: string, language: Language): string {
  const ms = new Date(iso).getTime();
  const offset = moroccoOffset(ms);
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  const locale = language === 'ar' ? 'ar-MA' : language;
  if (offset === undefined) return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'Africa/Casablanca' }).format(new Date(ms));
  // The wall-clock time in Morocco, written as if it were UTC's.
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(ms + offset * 60_000));
}
