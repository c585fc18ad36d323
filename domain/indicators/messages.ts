// What the indicator routes say to a client (merged into the i18n catalogue): their problems, the
// field errors of a query, and the CSV column headers, in the mission's three languages.
import type { Localized } from '../i18n/language.ts';

export const indicatorMessages = {
  'problem.indicatorsNotAllowed.title': {
    fr: 'Réservé au personnel de la mission et aux associations partenaires',
    ar: 'مخصص لموظفي البعثة والجمعيات الشريكة',
    en: 'Mission staff and partner associations only',
  },
  'problem.indicatorsNotAllowed.detail': {
    fr: 'Les indicateurs sont consultés par le personnel de la mission et par les associations partenaires actives (pour leurs propres chiffres).',
    ar: 'يطّلع على المؤشرات موظفو البعثة والجمعيات الشريكة النشطة (على أرقامها الخاصة).',
    en: 'Indicators are for the mission’s staff and for active partner associations (their own figures).',
  },
  'problem.ctdcExportNotAllowed.title': {
    fr: 'Action réservée aux superviseurs et administrateurs',
    ar: 'إجراء مخصص للمشرفين والمسؤولين',
    en: 'Supervisors and administrators only',
  },
  'problem.ctdcExportNotAllowed.detail': {
    fr: 'Seuls les superviseurs et les administrateurs exportent les données anonymisées sur la traite.',
    ar: 'لا يصدّر البيانات المجهولة الهوية حول الاتجار بالبشر إلا المشرفون والمسؤولون.',
    en: 'Only supervisors and administrators export the de-identified trafficking data.',
  },
  'field.custom.unknown_indicator': {
    fr: 'Cet indicateur n’est pas déclaré pour ce programme.',
    ar: 'هذا المؤشر غير مصرح به لهذا البرنامج.',
    en: 'This indicator is not declared for this programme.',
  },
  'field.custom.unknown_dimension': {
    fr: 'Ventilation inconnue : {value}.',
    ar: 'تصنيف غير معروف: {value}.',
    en: 'Unknown disaggregation: {value}.',
  },
  'field.custom.period_too_long': {
    fr: 'La période ne peut dépasser {max} jours.',
    ar: 'لا يمكن أن تتجاوز الفترة {max} يوما.',
    en: 'The period cannot exceed {max} days.',
  },
  'csv.indicator': { fr: 'Indicateur', ar: 'المؤشر', en: 'Indicator' },
  'csv.unit': { fr: 'Unité', ar: 'الوحدة', en: 'Unit' },
  'csv.from': { fr: 'Du', ar: 'من', en: 'From' },
  'csv.to': { fr: 'Au', ar: 'إلى', en: 'To' },
  'csv.value': { fr: 'Valeur', ar: 'القيمة', en: 'Value' },
  'csv.median': { fr: 'Médiane', ar: 'الوسيط', en: 'Median' },
  'csv.suppressed': { fr: 'Masqué (petit effectif)', ar: 'محجوب (عدد صغير)', en: 'Suppressed (small number)' },
  'csv.dimension.sex': { fr: 'Sexe', ar: 'الجنس', en: 'Sex' },
  'csv.dimension.ageGroup': { fr: 'Tranche d’âge', ar: 'الفئة العمرية', en: 'Age group' },
  'csv.dimension.nationality': { fr: 'Nationalité', ar: 'الجنسية', en: 'Nationality' },
  'csv.dimension.vulnerability': { fr: 'Catégorie de vulnérabilité', ar: 'فئة الهشاشة', en: 'Vulnerability category' },
  'csv.dimension.programme': { fr: 'Programme', ar: 'البرنامج', en: 'Programme' },
  'csv.dimension.stage': { fr: 'Étape', ar: 'المرحلة', en: 'Stage' },
  'csv.dimension.partner': { fr: 'Association partenaire', ar: 'الجمعية الشريكة', en: 'Partner association' },
  'csv.dimension.serviceType': { fr: 'Type de service', ar: 'نوع الخدمة', en: 'Service type' },
  'csv.dimension.urgency': { fr: 'Délai', ar: 'الأجل', en: 'Timeframe' },
  'csv.dimension.onTime': { fr: 'Dans le délai', ar: 'في الأجل', en: 'Within timeframe' },
  'csv.dimension.destinationCountry': { fr: 'Pays de destination', ar: 'بلد الوجهة', en: 'Destination country' },
  'csv.dimension.checkIn': { fr: 'Suivi', ar: 'المتابعة', en: 'Check-in' },
  'csv.dimension.outcome': { fr: 'Issue', ar: 'النتيجة', en: 'Outcome' },
  'csv.dimension.scoreDimension': { fr: 'Dimension', ar: 'البعد', en: 'Dimension' },
  'csv.dimension.followUp': { fr: 'Suivi après la sortie', ar: 'المتابعة بعد الخروج', en: 'Follow-up' },
  'csv.dimension.track': { fr: 'Parcours', ar: 'المسار', en: 'Track' },
  'csv.dimension.capacityDomain': { fr: 'Domaine de capacité', ar: 'مجال القدرات', en: 'Capacity domain' },
  'csv.dimension.sector': { fr: 'Secteur', ar: 'القطاع', en: 'Sector' },
  'csv.dimension.team': { fr: 'Équipe', ar: 'الفريق', en: 'Team' },
} as const satisfies Record<string, Localized>;
