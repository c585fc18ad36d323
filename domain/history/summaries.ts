// One line per event of a case's history, in the reader's language: who did what, when. Built from
// what the event already holds (its type, actor, time and ids-and-codes details), never from
// anything personal: a step by its title, an outcome or a stage by its label, staff and partners by
// the ids the history already shows. GET /cases/{caseId}/history answers it beside each event.
import type { Language, Localized } from '../i18n/index.ts';
import { stepDefinition } from '../tasks/steps.ts';
import { decisionOption } from '../tasks/decision-labels.ts';

export interface SummarizedEvent {
  type: string;
  at: string;
  actor: { kind: 'public' } | { kind: 'staff' | 'partner' | 'system'; id: string };
  details: Record<string, unknown>;
}

const L = (fr: string, ar: string, en: string): Localized => ({ fr, ar, en });

/**
 * What happened, by event type: `{actor}` is who did it, `{step}` the step's title, `{outcome}` the
 * decision's label, `{stage}` the stage reached, `{to}` a reassignment's new assignee, `{partner}`
 * the association concerned, `{reference}` another case's reference. `{actor}` opens every line.
 */
export const EVENT_SUMMARIES: Record<string, Localized> = {
  'case.submitted': L('{actor} a déposé la demande', '{actor} قدّم الطلب', '{actor} submitted the application'),
  'case.stage-changed': L('Le dossier passe à l’étape « {stage} »', 'انتقل الملف إلى مرحلة «{stage}»', 'The case moved to “{stage}”'),
  'case.execution-started': L(
    '{actor} a lancé la phase « {phase} »',
    'أطلق {actor} مرحلة «{phase}»',
    '{actor} started the “{phase}” phase',
  ),
  'case.closed': L('{actor} a clos le dossier', 'أغلق {actor} الملف', '{actor} closed the case'),
  'case.withdrawn': L(
    '{actor} a enregistré le retrait du demandeur',
    'سجّل {actor} انسحاب مقدم الطلب',
    "{actor} recorded the applicant's withdrawal",
  ),
  'case.reopened': L('{actor} a rouvert le dossier', 'أعاد {actor} فتح الملف', '{actor} reopened the case'),
  'case.referred': L(
    '{actor} a orienté le dossier vers un autre programme ({reference})',
    'أحال {actor} الملف إلى برنامج آخر ({reference})',
    '{actor} referred the case to another programme ({reference})',
  ),
  'case.referred-in': L(
    '{actor} a ouvert ce dossier sur orientation d’un autre programme ({reference})',
    'فتح {actor} هذا الملف بإحالة من برنامج آخر ({reference})',
    '{actor} opened this case on a referral from another programme ({reference})',
  ),
  'case.linked-case-closed': L(
    'Un dossier lié a été clos ({reference})',
    'تم إغلاق ملف مرتبط ({reference})',
    'A linked case was closed ({reference})',
  ),
  'case.shared': L(
    '{actor} a partagé le dossier avec {partner}',
    'شارك {actor} الملف مع {partner}',
    '{actor} shared the case with {partner}',
  ),
  'case.share-revoked': L(
    '{actor} a mis fin au partage avec {partner}',
    'أنهى {actor} المشاركة مع {partner}',
    '{actor} ended the sharing with {partner}',
  ),
  'case.referral-accepted': L(
    '{actor} a accepté l’orientation du service',
    'قبل {actor} إحالة الخدمة',
    '{actor} accepted the service referral',
  ),
  'case.referral-rejected': L(
    '{actor} a refusé l’orientation du service',
    'رفض {actor} إحالة الخدمة',
    '{actor} declined the service referral',
  ),
  'case.read-by-partner': L('{actor} a consulté le dossier', 'اطّلع {actor} على الملف', '{actor} read the case'),
  'case.access-refreshed': L(
    'Les accès des partenaires au dossier ont été mis à jour',
    'تم تحديث ولوج الشركاء إلى الملف',
    "The partners' access to the case was updated",
  ),
  'case.needs-attention': L(
    'Le traitement automatique du dossier s’est arrêté : un superviseur doit intervenir',
    'توقفت المعالجة الآلية للملف: يجب تدخل مشرف',
    "The case's automatic processing stopped: a supervisor must step in",
  ),
  'case.attention-resolved': L('{actor} a traité l’incident du dossier', 'عالج {actor} حادث الملف', "{actor} resolved the case's incident"),
  'case.anonymised-by-retention': L(
    'Les données personnelles du dossier ont été anonymisées à la fin de leur durée de conservation',
    'تمت إخفاء هوية البيانات الشخصية للملف عند انتهاء مدة الاحتفاظ بها',
    "The case's personal data was anonymised at the end of its retention period",
  ),
  'task.opened': L('L’étape « {step} » est ouverte', 'تم فتح مرحلة «{step}»', 'The step “{step}” was opened'),
  'task.claimed': L('{actor} a pris en charge l’étape « {step} »', 'تكفّل {actor} بمرحلة «{step}»', '{actor} took on the step “{step}”'),
  'task.reassigned': L(
    '{actor} a confié l’étape « {step} » à {to}',
    'أسند {actor} مرحلة «{step}» إلى {to}',
    '{actor} assigned the step “{step}” to {to}',
  ),
  'task.taken-over': L('{actor} a repris l’étape « {step} »', 'تولّى {actor} مرحلة «{step}»', '{actor} took over the step “{step}”'),
  'task.claim-ended': L(
    'La prise en charge de l’étape « {step} » a pris fin',
    'انتهى التكفل بمرحلة «{step}»',
    'The claim on the step “{step}” ended',
  ),
  'task.completed': L(
    '{actor} a terminé l’étape « {step} » : {outcome}',
    'أنهى {actor} مرحلة «{step}»: {outcome}',
    '{actor} completed the step “{step}”: {outcome}',
  ),
  'task.reminder-sent': L(
    'Rappel envoyé pour l’étape « {step} »',
    'تم إرسال تذكير بمرحلة «{step}»',
    'A reminder was sent for the step “{step}”',
  ),
  'task.escalated': L(
    'L’étape « {step} » est en retard : signalée au superviseur',
    'مرحلة «{step}» متأخرة: تم إبلاغ المشرف',
    'The step “{step}” is overdue: escalated to a supervisor',
  ),
  'task.timed-out': L('Le délai de l’étape « {step} » a expiré', 'انتهت مهلة مرحلة «{step}»', 'The step “{step}” timed out'),
  'notification.withheld': L(
    'Un message à la personne n’a pas été envoyé (consentement)',
    'لم تُرسل رسالة إلى الشخص (الموافقة)',
    'A message to the person was not sent (consent)',
  ),
  'checkin.recorded': L(
    '{actor} a enregistré un suivi de réintégration',
    'سجّل {actor} تتبعاً لإعادة الإدماج',
    '{actor} recorded a reintegration check-in',
  ),
  'consent.granted': L('{actor} a enregistré un consentement', 'سجّل {actor} موافقة', '{actor} recorded a consent'),
  'consent.revoked': L(
    '{actor} a enregistré le retrait d’un consentement',
    'سجّل {actor} سحب موافقة',
    '{actor} recorded a consent withdrawn',
  ),
  'person.corrected': L('{actor} a corrigé les données d’une personne', 'صحّح {actor} بيانات شخص', "{actor} corrected a person's data"),
  'person.data-exported': L('{actor} a exporté les données d’une personne', 'صدّر {actor} بيانات شخص', "{actor} exported a person's data"),
  'person.erased': L('{actor} a effacé les données personnelles', 'محا {actor} البيانات الشخصية', '{actor} erased the personal data'),
  'person.match-suggested': L(
    'Une personne ressemble à celle d’un autre dossier : à vérifier',
    'شخص يشبه شخصاً في ملف آخر: يجب التحقق',
    'A person resembles one in another case: to be checked',
  ),
  'person.match-dismissed': L('{actor} a écarté une ressemblance', 'استبعد {actor} تشابهاً', '{actor} dismissed a resemblance'),
  'person.linked': L(
    '{actor} a relié une personne à son dossier dans un autre programme',
    'ربط {actor} شخصاً بملفه في برنامج آخر',
    '{actor} linked a person to their case in another programme',
  ),
  'person.unlinked': L(
    '{actor} a annulé le lien entre deux dossiers d’une personne',
    'ألغى {actor} الربط بين ملفين لشخص',
    "{actor} undid the link between a person's two cases",
  ),
  'expert.availability-changed': L(
    '{actor} a mis à jour les disponibilités de l’expert',
    'حدّث {actor} أوقات توفر الخبير',
    "{actor} updated the expert's availability",
  ),
  'need.validated': L(
    '{actor} a validé le besoin de l’institution',
    'اعتمد {actor} حاجة المؤسسة',
    "{actor} validated the institution's need",
  ),
  'match.proposed': L('Des candidats ont été proposés', 'تم اقتراح مرشحين', 'Candidates were proposed'),
  'match.answered': L(
    'Les réponses à la proposition ont été enregistrées',
    'تم تسجيل الأجوبة على الاقتراح',
    'The answers to the proposal were recorded',
  ),
  'match.confirmed': L('La mise en relation est confirmée', 'تم تأكيد المطابقة', 'The match was confirmed'),
  'assignment.prepared': L('La mission est préparée', 'تم إعداد المهمة', 'The assignment was prepared'),
  'assignment.started': L('La mission a commencé', 'بدأت المهمة', 'The assignment started'),
  'assignment.midterm-checked': L('Le point à mi-parcours est fait', 'تم تقييم منتصف المهمة', 'The mid-term check was done'),
  'assignment.ended': L('La mission est terminée', 'انتهت المهمة', 'The assignment ended'),
  'assignment.cancelled': L('La mission est annulée', 'أُلغيت المهمة', 'The assignment was cancelled'),
  'assignment.stalled': L('La mission est bloquée', 'المهمة متوقفة', 'The assignment stalled'),
  'youth.orientation-recorded': L('{actor} a enregistré l’orientation', 'سجّل {actor} التوجيه', '{actor} recorded the orientation'),
  'youth.milestone-recorded': L(
    '{actor} a enregistré une étape du parcours',
    'سجّل {actor} مرحلة من المسار',
    '{actor} recorded a milestone',
  ),
  'youth.progress-not-recorded': L(
    'Le suivi mensuel du parcours n’a pas été enregistré',
    'لم يتم تسجيل التتبع الشهري للمسار',
    "The track's monthly progress was not recorded",
  ),
  'youth.exit-recorded': L(
    '{actor} a enregistré la sortie du programme',
    'سجّل {actor} الخروج من البرنامج',
    '{actor} recorded the exit from the programme',
  ),
  'youth.follow-up-recorded': L(
    '{actor} a enregistré un suivi après la sortie',
    'سجّل {actor} تتبعاً بعد الخروج',
    '{actor} recorded a follow-up after the exit',
  ),
  'youth.follow-up-missed': L(
    'Un suivi après la sortie n’a pas eu lieu',
    'لم يتم تتبع بعد الخروج',
    'A follow-up after the exit was missed',
  ),
  'capacity.plan-approved': L(
    'Le plan de renforcement des capacités est approuvé',
    'تمت الموافقة على خطة تعزيز القدرات',
    'The capacity-building plan was approved',
  ),
  'capacity.activities-recorded': L(
    '{actor} a enregistré des activités de renforcement',
    'سجّل {actor} أنشطة لتعزيز القدرات',
    '{actor} recorded capacity-building activities',
  ),
  'capacity.reassessed': L(
    '{actor} a enregistré la réévaluation des capacités',
    'سجّل {actor} إعادة تقييم القدرات',
    '{actor} recorded the capacity reassessment',
  ),
};

const FALLBACK = L('{actor} : {type}', '{actor}: {type}', '{actor}: {type}');

/** Who did it, as the history already shows them: staff and partner users by id. */
const ACTORS: Record<SummarizedEvent['actor']['kind'], Localized> = {
  public: L('La personne (formulaire en ligne)', 'الشخص (الاستمارة الإلكترونية)', 'The person (online form)'),
  staff: L('{id}', '{id}', '{id}'),
  partner: L('{id} (association partenaire)', '{id} (جمعية شريكة)', '{id} (partner association)'),
  system: L('Le système', 'النظام', 'The system'),
};

/** Stages that are not a step (a step's stage is named by its title). */
export const STAGE_LABELS: Record<string, Localized> = {
  submitted: L('Demande déposée', 'تم تقديم الطلب', 'Submitted'),
  closed: L('Clos', 'مغلق', 'Closed'),
  reopened: L('Rouvert', 'أعيد فتحه', 'Reopened'),
  listed: L('Inscrit au registre', 'مسجل في السجل', 'Listed in the register'),
  return: L('Retour', 'العودة', 'Return'),
  reintegration: L('Réintégration', 'إعادة الإدماج', 'Reintegration'),
  monitoring: L('Suivi de la réintégration', 'تتبع إعادة الإدماج', 'Reintegration monitoring'),
  rebooking: L('Nouvelle réservation', 'إعادة الحجز', 'Rebooking'),
  'travel-preparation': L('Préparation du voyage', 'التحضير للسفر', 'Travel preparation'),
  registration: L('Enregistrement', 'التسجيل', 'Registration'),
  assessment: L('Évaluation', 'التقييم', 'Assessment'),
  'best-interests': L('Intérêt supérieur de l’enfant', 'المصلحة الفضلى للطفل', 'Best interests'),
  'case-plan': L('Plan d’assistance', 'خطة المساعدة', 'Case plan'),
  'service-provision': L('Prestation des services', 'تقديم الخدمات', 'Service provision'),
  'follow-up': L('Suivi', 'التتبع', 'Follow-up'),
  'referred-to-avrr': L('Orienté vers l’aide au retour', 'محال على العودة الطوعية', 'Referred to AVRR'),
  answers: L('Réponses à la proposition', 'الأجوبة على الاقتراح', 'Answers to the proposal'),
  'capacity-building': L('Renforcement des capacités', 'تعزيز القدرات', 'Capacity building'),
  clarification: L('Précisions demandées', 'طلب توضيحات', 'Clarification'),
  eligibility: L('Éligibilité', 'الأهلية', 'Eligibility'),
  'in-progress': L('En cours', 'قيد الإنجاز', 'In progress'),
  matching: L('Mise en relation', 'المطابقة', 'Matching'),
  opportunity: L('Recherche d’opportunité', 'البحث عن فرصة', 'Opportunity'),
  orientation: L('Orientation', 'التوجيه', 'Orientation'),
  preparation: L('Préparation', 'التحضير', 'Preparation'),
  reassessment: L('Réévaluation', 'إعادة التقييم', 'Reassessment'),
  reporting: L('Rapports de fin de mission', 'تقارير نهاية المهمة', 'Reporting'),
  track: L('Parcours', 'المسار', 'Track'),
  validation: L('Validation', 'الاعتماد', 'Validation'),
  verification: L('Vérification', 'التحقق', 'Verification'),
  // The workflow phases that are no stage nor step (the console's diagram, a phase started).
  travel: L('Voyage', 'السفر', 'Travel'),
  main: L('Protection et assistance', 'الحماية والمساعدة', 'Protection and assistance'),
  expert: L('Expert de la diaspora', 'خبير من الجالية', 'Diaspora expert'),
  need: L('Besoin d’une institution', 'حاجة مؤسسة', 'Institution’s need'),
  assignment: L('Mission', 'المهمة', 'Assignment'),
  'return-follow-up': L('Suivi après le retour', 'التتبع بعد العودة', 'Follow-up after return'),
  youth: L('Parcours du jeune', 'مسار الشاب', 'Youth track'),
  'youth-follow-up': L('Suivi du jeune', 'تتبع الشاب', 'Youth follow-up'),
  capacity: L('Évaluation de l’association', 'تقييم الجمعية', 'Association assessment'),
};

function stageLabel(code: unknown, language: Language): string {
  if (typeof code !== 'string') return '';
  return stepDefinition(code)?.title[language] ?? STAGE_LABELS[code]?.[language] ?? code;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

const formats = new Map<Language, Intl.DateTimeFormat>();

/** When, in Morocco's time, as the reader's language writes a date (Latin digits). */
function when(at: string, language: Language): string {
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(`${language === 'en' ? 'en-GB' : `${language}-MA`}-u-nu-latn`, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Africa/Casablanca',
    });
    formats.set(language, format);
  }
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : format.format(date);
}

/** The event in one line, in the reader's language: "<when> — <who did what>". */
export function summarize(event: SummarizedEvent, language: Language): string {
  const details = event.details;
  const step = text(details.step);
  const outcome = text(details.outcome);
  const actor = fill(ACTORS[event.actor.kind][language], { id: 'id' in event.actor ? event.actor.id : '' });
  const values: Record<string, string> = {
    actor,
    type: event.type,
    step: step ? (stepDefinition(step)?.title[language] ?? step) : '',
    outcome: outcome ? (decisionOption('outcome', outcome)?.[language] ?? outcome) : '—',
    stage: stageLabel(details.to ?? details.stage, language),
    phase: stageLabel(details.phase, language),
    to: text(details.to),
    partner: text(details.partnerId),
    reference: text(details.toReference ?? details.fromReference ?? details.reference ?? details.linkedReference),
  };
  const line = fill((EVENT_SUMMARIES[event.type] ?? FALLBACK)[language], values).replace(/ \(\)/g, '');
  return `${when(event.at, language)} — ${line}`;
}
