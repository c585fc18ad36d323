// The texts of notifications, in the recipient's language. Parameters are references and codes.
import type { Language, Localized } from '../i18n/index.ts';

interface Template {
  subject: Localized;
  body: Localized;
}

const templates: Record<string, Template> = {
  'task-assigned': {
    subject: { fr: 'Nouvelle tâche : {step} ({reference})', ar: 'مهمة جديدة: {step} ({reference})', en: 'New task: {step} ({reference})' },
    body: {
      fr: "Le dossier {reference} attend l'étape « {step} » avant le {dueAt}.",
      ar: 'الملف {reference} في انتظار المرحلة «{step}» قبل {dueAt}.',
      en: 'Case {reference} is waiting for step "{step}" by {dueAt}.',
    },
  },
  'task-due-soon': {
    subject: { fr: 'Rappel : {step} ({reference})', ar: 'تذكير: {step} ({reference})', en: 'Reminder: {step} ({reference})' },
    body: {
      fr: "L'étape « {step} » du dossier {reference} arrive à échéance le {dueAt}.",
      ar: 'تنتهي مهلة المرحلة «{step}» للملف {reference} في {dueAt}.',
      en: 'Step "{step}" of case {reference} is due on {dueAt}.',
    },
  },
  'task-overdue': {
    subject: { fr: 'En retard : {step} ({reference})', ar: 'متأخر: {step} ({reference})', en: 'Overdue: {step} ({reference})' },
    body: {
      fr: "L'étape « {step} » du dossier {reference} est en retard depuis le {dueAt}.",
      ar: 'المرحلة «{step}» للملف {reference} متأخرة منذ {dueAt}.',
      en: 'Step "{step}" of case {reference} has been overdue since {dueAt}.',
    },
  },
  'task-escalated': {
    subject: { fr: 'Escalade : {step} ({reference})', ar: 'تصعيد: {step} ({reference})', en: 'Escalated: {step} ({reference})' },
    body: {
      fr: "L'étape « {step} » du dossier {reference} n'a pas été faite à temps : elle vous est transmise.",
      ar: 'لم تُنجز المرحلة «{step}» للملف {reference} في الوقت المحدد، وقد أُحيلت إليكم.',
      en: 'Step "{step}" of case {reference} was not done in time and is now with supervisors.',
    },
  },
  'task-timed-out': {
    subject: {
      fr: 'Délai dépassé : {step} ({reference})',
      ar: 'انتهت المهلة: {step} ({reference})',
      en: 'Timed out: {step} ({reference})',
    },
    body: {
      fr: "Le délai de l'étape « {step} » du dossier {reference} est dépassé ; le processus suit son chemin de délai.",
      ar: 'انتهت مهلة المرحلة «{step}» للملف {reference}، ويتابع المسار إجراءات انتهاء المهلة.',
      en: 'Step "{step}" of case {reference} timed out; the process takes its timeout path.',
    },
  },
  'case-closed': {
    subject: { fr: 'Dossier clôturé : {reference}', ar: 'إغلاق الملف: {reference}', en: 'Case closed: {reference}' },
    body: {
      fr: 'Le dossier {reference} est clôturé ({reason}).',
      ar: 'تم إغلاق الملف {reference} ({reason}).',
      en: 'Case {reference} is closed ({reason}).',
    },
  },
  'referral-received': {
    subject: {
      fr: 'Service orienté vers vous : {reference}',
      ar: 'خدمة محالة إليكم: {reference}',
      en: 'Service referred to you: {reference}',
    },
    body: {
      fr: 'Un service du dossier {reference} vous est orienté (orientation {shareId}). Acceptez-la ou refusez-la avant le {until} ; sans réponse, elle prend fin à cette date.',
      ar: 'أُحيلت إليكم خدمة من الملف {reference} (الإحالة {shareId}). يرجى قبولها أو رفضها قبل {until}؛ وإلا تنتهي في ذلك التاريخ.',
      en: 'A service of case {reference} is referred to you (referral {shareId}). Accept or reject it by {until}; unanswered, it ends then.',
    },
  },
  'referral-answered': {
    subject: {
      fr: 'Réponse à une orientation : {reference}',
      ar: 'رد على إحالة: {reference}',
      en: 'Referral answered: {reference}',
    },
    body: {
      fr: "Le partenaire a répondu à l'orientation {shareId} du dossier {reference} : {answer}.",
      ar: 'ردّ الشريك على الإحالة {shareId} للملف {reference}: {answer}.',
      en: 'The partner answered referral {shareId} of case {reference}: {answer}.',
    },
  },
  'documents-requested': {
    subject: { fr: 'Votre demande {reference}', ar: 'طلبكم {reference}', en: 'Your application {reference}' },
    body: {
      fr: 'Pour votre demande {reference}, merci d’apporter : {documents}.',
      ar: 'بخصوص طلبكم {reference}، يرجى إحضار: {documents}.',
      en: 'For your application {reference}, please bring: {documents}.',
    },
  },
  'departure-appointment': {
    subject: { fr: 'Votre départ {reference}', ar: 'موعد سفركم {reference}', en: 'Your departure {reference}' },
    body: {
      fr: 'Votre départ est prévu le {departureDate} depuis {departureAirport}. Présentez-vous trois heures avant avec vos documents de voyage.',
      ar: 'موعد سفركم يوم {departureDate} من {departureAirport}. يرجى الحضور قبل ثلاث ساعات مع وثائق السفر.',
      en: 'Your departure is on {departureDate} from {departureAirport}. Please arrive three hours early with your travel documents.',
    },
  },
};

export function templateNames(): string[] {
  return Object.keys(templates);
}

export function render(template: string, language: Language, params: Record<string, string | number>): { subject: string; body: string } {
  const found = templates[template];
  if (!found) throw new Error(`unknown template ${template}`);
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
  return { subject: fill(found.subject[language]), body: fill(found.body[language]) };
}
