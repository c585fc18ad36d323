// What the remittances information routes say to a client (merged into the i18n catalogue), in the
// three languages of the mission: their problems and the field errors of a session or of a corridor
// prices file (`field.custom.<code>`, the code being what the client switches on).
import type { Localized } from '../i18n/language.ts';

export const remittanceMessages = {
  'problem.remittanceSessionRecordingNotAllowed.title': {
    fr: 'Action réservée aux agents et superviseurs',
    ar: 'إجراء مخصص للمكلفين بالملفات والمشرفين',
    en: 'Caseworkers and supervisors only',
  },
  'problem.remittanceSessionRecordingNotAllowed.detail': {
    fr: 'Seuls les agents chargés des dossiers et les superviseurs enregistrent les séances d’éducation financière.',
    ar: 'لا يسجّل جلسات التثقيف المالي إلا المكلفون بالملفات والمشرفون.',
    en: 'Only caseworkers and supervisors record financial-literacy sessions.',
  },
  'problem.remittanceInformationNotAllowed.title': {
    fr: 'Réservé au personnel de la mission',
    ar: 'مخصص لموظفي البعثة',
    en: 'Mission staff only',
  },
  'problem.remittanceInformationNotAllowed.detail': {
    fr: 'Les séances d’éducation financière et les prix des corridors de transfert sont consultés par le personnel de la mission.',
    ar: 'يطّلع موظفو البعثة على جلسات التثقيف المالي وأسعار ممرات التحويل.',
    en: 'Financial-literacy sessions and remittance corridor prices are for the mission’s staff.',
  },
  'problem.corridorPricesImportNotAllowed.title': {
    fr: 'Action réservée aux superviseurs et administrateurs',
    ar: 'إجراء مخصص للمشرفين والمسؤولين',
    en: 'Supervisors and administrators only',
  },
  'problem.corridorPricesImportNotAllowed.detail': {
    fr: 'Seuls les superviseurs et les administrateurs importent les relevés de prix des corridors de transfert.',
    ar: 'لا يستورد كشوف أسعار ممرات التحويل إلا المشرفون والمسؤولون.',
    en: 'Only supervisors and administrators import remittance corridor price snapshots.',
  },
  'problem.csvRequired.title': {
    fr: 'Type de contenu non pris en charge',
    ar: 'نوع المحتوى غير مدعوم',
    en: 'Unsupported media type',
  },
  'problem.csvRequired.detail': {
    fr: 'Envoyez le fichier au format text/csv, encodé en UTF-8.',
    ar: 'يرجى إرسال الملف بصيغة text/csv وبترميز UTF-8.',
    en: 'Send the file as text/csv, encoded in UTF-8.',
  },
  'problem.corridorPricesInvalid.title': {
    fr: 'Le fichier contient des erreurs',
    ar: 'يحتوي الملف على أخطاء',
    en: 'The file contains errors',
  },
  'problem.corridorPricesInvalid.detail': {
    fr: 'Rien n’a été importé : corrigez les {count} erreur(s) indiquée(s) (ligne et colonne) puis renvoyez tout le fichier.',
    ar: 'لم يُستورد أي شيء: يرجى تصحيح الأخطاء المشار إليها ({count}) (السطر والعمود) ثم إعادة إرسال الملف كاملًا.',
    en: 'Nothing was imported: correct the {count} error(s) listed (line and column) and send the whole file again.',
  },
  'field.custom.formula_like': {
    fr: '{field} commence par =, +, -, @ ou une tabulation, comme une formule de tableur : retirez ce caractère.',
    ar: '{field} يبدأ بـ = أو + أو - أو @ أو بعلامة جدولة، مثل صيغة جدول بيانات: يرجى حذف هذا الحرف.',
    en: '{field} starts with =, +, -, @ or a tab, like a spreadsheet formula: remove that character.',
  },
  'field.custom.column_count': {
    fr: '{field} a {found} colonne(s) au lieu de {expected} (celles de l’en-tête) : vérifiez le séparateur et les guillemets.',
    ar: '{field} يحتوي على {found} عمود(أعمدة) بدلًا من {expected} (أعمدة الترويسة): تحقّق من الفاصل وعلامات التنصيص.',
    en: '{field} has {found} column(s) instead of {expected} (the header’s): check the separator and the quotes.',
  },
  'field.custom.column_missing': {
    fr: 'La colonne « {column} » manque dans l’en-tête.',
    ar: 'العمود «{column}» غير موجود في الترويسة.',
    en: 'The header has no “{column}” column.',
  },
  'field.custom.column_duplicate': {
    fr: 'La colonne « {column} » figure deux fois dans l’en-tête.',
    ar: 'العمود «{column}» مكرر في الترويسة.',
    en: 'The header names the “{column}” column twice.',
  },
  'field.custom.duplicate_row': {
    fr: '{field} répète le trimestre, le corridor, le fournisseur et l’instrument de la ligne {line}.',
    ar: '{field} يكرر الفصل والممر ومقدّم الخدمة والأداة الواردة في السطر {line}.',
    en: '{field} repeats the quarter, corridor, provider and instrument of line {line}.',
  },
  'field.custom.not_a_number': {
    fr: '{field} doit être un nombre (par exemple 12.5), sans espace ni symbole.',
    ar: '{field} يجب أن يكون عددًا (مثل 12.5) دون مسافة أو رمز.',
    en: '{field} must be a number (e.g. 12.5), with no space or symbol.',
  },
  'field.custom.total_cost_mismatch': {
    fr: '{field} ({total} %) ne correspond pas aux frais et à la marge de change ({expected} %) : vérifiez l’ordre des colonnes.',
    ar: '{field} ({total}%) لا يطابق الرسوم وهامش الصرف ({expected}%): تحقّق من ترتيب الأعمدة.',
    en: '{field} ({total}%) does not match the fee and the exchange-rate margin ({expected}%): check the order of the columns.',
  },
  'field.custom.quarter_in_future': {
    fr: '{field} est un trimestre à venir (le trimestre en cours est {current}).',
    ar: '{field} فصل لم يحن بعد (الفصل الحالي هو {current}).',
    en: '{field} is a quarter still to come (the current one is {current}).',
  },
  'field.custom.destination_not_morocco': {
    fr: '{field} doit être MA : la mission suit les envois vers le Maroc.',
    ar: '{field} يجب أن يكون MA: تتابع البعثة التحويلات نحو المغرب.',
    en: '{field} must be MA: the mission follows transfers to Morocco.',
  },
  'field.custom.csv_malformed': {
    fr: 'Le fichier n’est pas un CSV lisible à partir de la ligne {line} (guillemet non fermé ?).',
    ar: 'الملف ليس بصيغة CSV مقروءة ابتداءً من السطر {line} (علامة تنصيص غير مغلقة؟).',
    en: 'The file is not readable CSV from line {line} on (an unclosed quote?).',
  },
  'field.custom.csv_empty': {
    fr: 'Le fichier ne contient aucune ligne de prix après l’en-tête.',
    ar: 'لا يحتوي الملف على أي سطر أسعار بعد الترويسة.',
    en: 'The file holds no price line after its header.',
  },
  'field.custom.csv_too_many_rows': {
    fr: 'Le fichier contient {found} lignes de prix : {maximum} au plus par import.',
    ar: 'يحتوي الملف على {found} سطر أسعار: {maximum} على الأكثر في كل استيراد.',
    en: 'The file holds {found} price lines: at most {maximum} per import.',
  },
  'field.custom.not_utf8': {
    fr: 'Le fichier n’est pas encodé en UTF-8 : enregistrez-le en « CSV UTF-8 ».',
    ar: 'الملف ليس بترميز UTF-8: يرجى حفظه بصيغة «CSV UTF-8».',
    en: 'The file is not UTF-8: save it as “CSV UTF-8”.',
  },
  'field.custom.attendance_empty': {
    fr: '{field} : indiquez au moins une personne présente.',
    ar: '{field}: يرجى ذكر شخص حاضر واحد على الأقل.',
    en: '{field}: give at least one person who attended.',
  },
  'field.custom.association_unknown': {
    fr: '{field} ne désigne aucune association partenaire enregistrée.',
    ar: '{field} لا يشير إلى أي جمعية شريكة مسجلة.',
    en: '{field} names no registered partner association.',
  },
  'field.custom.date_range': {
    fr: '{field} doit être postérieur ou égal à la date de début.',
    ar: '{field} يجب أن يكون بعد تاريخ البداية أو مساويًا له.',
    en: '{field} must be on or after the start date.',
  },
} as const satisfies Record<string, Localized>;
