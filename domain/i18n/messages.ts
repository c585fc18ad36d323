import type { Language, Localized } from './language.ts';

/**
 * Every sentence the API can say to a client, in the three languages of the mission.
 * Placeholders are `{name}`; values are inserted as given, so callers pass already localized text.
 */
const catalogue = {
  // --- HTTP problems (RFC 9457 title/detail) ---------------------------------------------------
  'problem.validation.title': {
    fr: 'La demande contient des erreurs',
    ar: 'يحتوي الطلب على أخطاء',
    en: 'The request contains errors',
  },
  'problem.validation.detail': {
    fr: "Le formulaire n'a pas pu être accepté : corrigez les erreurs indiquées puis renvoyez-le.",
    ar: 'تعذّر قبول الاستمارة: يرجى تصحيح الأخطاء المشار إليها ثم إعادة إرسالها.',
    en: 'The form could not be accepted: correct the errors listed and submit it again.',
  },
  'problem.malformedJson.title': {
    fr: 'Corps de requête illisible',
    ar: 'تعذّرت قراءة نص الطلب',
    en: 'Malformed request body',
  },
  'problem.malformedJson.detail': {
    fr: "Le corps de la requête n'est pas un document JSON valide.",
    ar: 'نص الطلب ليس مستند JSON صالحًا.',
    en: 'The request body is not a valid JSON document.',
  },
  'problem.unsupportedMediaType.title': {
    fr: 'Type de contenu non pris en charge',
    ar: 'نوع المحتوى غير مدعوم',
    en: 'Unsupported media type',
  },
  'problem.unsupportedMediaType.detail': {
    fr: 'Envoyez le formulaire au format application/json.',
    ar: 'يرجى إرسال الاستمارة بصيغة application/json.',
    en: 'Send the form as application/json.',
  },
  'problem.payloadTooLarge.title': {
    fr: 'Requête trop volumineuse',
    ar: 'حجم الطلب كبير جدًا',
    en: 'Payload too large',
  },
  'problem.payloadTooLarge.detail': {
    fr: 'Le corps de la requête dépasse la taille maximale autorisée.',
    ar: 'يتجاوز نص الطلب الحجم الأقصى المسموح به.',
    en: 'The request body exceeds the maximum allowed size.',
  },
  'problem.formNotFound.title': {
    fr: 'Formulaire introuvable',
    ar: 'الاستمارة غير موجودة',
    en: 'Form not found',
  },
  'problem.formNotFound.detail': {
    fr: 'Aucun formulaire ne porte l’identifiant « {formId} ».',
    ar: 'لا توجد استمارة بالمعرّف «{formId}».',
    en: 'There is no form with the identifier “{formId}”.',
  },
  'problem.formVersionNotFound.title': {
    fr: 'Version de formulaire introuvable',
    ar: 'إصدار الاستمارة غير موجود',
    en: 'Form version not found',
  },
  'problem.formVersionNotFound.detail': {
    fr: 'Le formulaire « {formId} » n’existe pas en version {version}.',
    ar: 'لا يوجد الإصدار {version} من الاستمارة «{formId}».',
    en: 'Form “{formId}” has no version {version}.',
  },
  'problem.idempotencyKeyMissing.title': {
    fr: 'En-tête Idempotency-Key manquant',
    ar: 'ترويسة Idempotency-Key مفقودة',
    en: 'Missing Idempotency-Key header',
  },
  'problem.idempotencyKeyMissing.detail': {
    fr: 'Chaque soumission doit porter un en-tête Idempotency-Key unique pour pouvoir être renvoyée sans créer de doublon.',
    ar: 'يجب أن يتضمن كل إرسال ترويسة Idempotency-Key فريدة حتى يمكن إعادة إرساله دون إنشاء نسخة مكررة.',
    en: 'Every submission must carry a unique Idempotency-Key header so that it can be retried without creating a duplicate.',
  },
  'problem.idempotencyKeyInvalid.title': {
    fr: 'En-tête Idempotency-Key invalide',
    ar: 'ترويسة Idempotency-Key غير صالحة',
    en: 'Invalid Idempotency-Key header',
  },
  'problem.idempotencyKeyInvalid.detail': {
    fr: "La valeur de l'en-tête Idempotency-Key n'a pas le format attendu.",
    ar: 'قيمة ترويسة Idempotency-Key ليست بالصيغة المطلوبة.',
    en: 'The Idempotency-Key header value is not in the expected format.',
  },
  'problem.idempotencyKeyReused.title': {
    fr: 'Clé d’idempotence déjà utilisée',
    ar: 'مفتاح منع التكرار مستخدم من قبل',
    en: 'Idempotency key already used',
  },
  'problem.idempotencyKeyReused.detail': {
    fr: 'Cette clé Idempotency-Key a déjà servi pour une soumission différente. Utilisez une nouvelle clé pour un nouveau contenu.',
    ar: 'سبق استخدام مفتاح Idempotency-Key هذا لإرسال مختلف. استخدم مفتاحًا جديدًا لكل محتوى جديد.',
    en: 'This Idempotency-Key was already used for a different submission. Use a new key for new content.',
  },
  'problem.idempotencyInProgress.title': {
    fr: 'Soumission en cours de traitement',
    ar: 'الإرسال قيد المعالجة',
    en: 'Submission in progress',
  },
  'problem.idempotencyInProgress.detail': {
    fr: 'Une soumission portant cette clé est déjà en cours de traitement. Réessayez dans quelques instants.',
    ar: 'تجري حاليًا معالجة إرسال بهذا المفتاح. يرجى إعادة المحاولة بعد لحظات.',
    en: 'A submission with this key is still being processed. Retry in a few moments.',
  },
  'problem.notFound.title': {
    fr: 'Ressource introuvable',
    ar: 'المورد غير موجود',
    en: 'Not found',
  },
  'problem.notFound.detail': {
    fr: "La ressource demandée n'existe pas ou ne vous est pas accessible.",
    ar: 'المورد المطلوب غير موجود أو غير متاح لك.',
    en: 'The requested resource does not exist or is not accessible to you.',
  },
  'problem.methodNotAllowed.title': {
    fr: 'Méthode non autorisée',
    ar: 'الطريقة غير مسموح بها',
    en: 'Method not allowed',
  },
  'problem.methodNotAllowed.detail': {
    fr: "Cette méthode HTTP n'est pas acceptée pour cette ressource.",
    ar: 'طريقة HTTP هذه غير مقبولة لهذا المورد.',
    en: 'This HTTP method is not accepted for this resource.',
  },
  'problem.unauthorized.title': {
    fr: 'Authentification requise',
    ar: 'المصادقة مطلوبة',
    en: 'Authentication required',
  },
  'problem.unauthorized.detail': {
    fr: 'Identifiez-vous pour accéder à cette ressource.',
    ar: 'يرجى تسجيل الدخول للوصول إلى هذا المورد.',
    en: 'Sign in to access this resource.',
  },
  'problem.forbidden.title': {
    fr: 'Accès refusé',
    ar: 'تم رفض الوصول',
    en: 'Forbidden',
  },
  'problem.forbidden.detail': {
    fr: "Vous n'avez pas les droits nécessaires pour effectuer cette action.",
    ar: 'ليست لديك الصلاحيات اللازمة للقيام بهذا الإجراء.',
    en: 'You do not have permission to perform this action.',
  },
  'problem.conflict.title': {
    fr: 'Conflit de mise à jour',
    ar: 'تعارض في التحديث',
    en: 'Update conflict',
  },
  'problem.conflict.detail': {
    fr: 'La ressource a été modifiée entre-temps. Rechargez-la puis réessayez.',
    ar: 'تم تعديل المورد في هذه الأثناء. يرجى إعادة تحميله ثم المحاولة مجددًا.',
    en: 'The resource was modified in the meantime. Reload it and try again.',
  },
  'problem.requestInvalid.title': {
    fr: 'La requête contient des erreurs',
    ar: 'يحتوي الطلب على أخطاء',
    en: 'The request contains errors',
  },
  'problem.requestInvalid.detail': {
    fr: 'La requête n’a pas pu être traitée : corrigez les {count} erreur(s) indiquée(s) puis réessayez.',
    ar: 'تعذّرت معالجة الطلب: يرجى تصحيح الأخطاء المشار إليها ({count}) ثم إعادة المحاولة.',
    en: 'The request could not be processed: correct the {count} error(s) listed and try again.',
  },
  'problem.invalidCursor.title': {
    fr: 'Curseur de pagination invalide',
    ar: 'مؤشر الترقيم غير صالح',
    en: 'Invalid pagination cursor',
  },
  'problem.invalidCursor.detail': {
    fr: 'Le paramètre « cursor » ne provient pas de la page précédente de cette liste. Reprenez depuis la première page.',
    ar: 'المعامل «cursor» لا يعود إلى الصفحة السابقة من هذه القائمة. يرجى البدء من الصفحة الأولى.',
    en: 'The “cursor” parameter does not come from the previous page of this list. Start again from the first page.',
  },
  'problem.decisionInvalid.title': {
    fr: 'La décision contient des erreurs',
    ar: 'يحتوي القرار على أخطاء',
    en: 'The decision contains errors',
  },
  'problem.decisionInvalid.detail': {
    fr: 'La décision n’a pas été enregistrée : corrigez les {count} erreur(s) indiquée(s) puis validez-la à nouveau.',
    ar: 'لم يُسجَّل القرار: يرجى تصحيح الأخطاء المشار إليها ({count}) ثم تأكيده من جديد.',
    en: 'The decision was not recorded: correct the {count} error(s) listed and submit it again.',
  },
  'problem.fourEyes.title': {
    fr: 'Approbation par une autre personne requise',
    ar: 'يلزم اعتماد من شخص آخر',
    en: 'Another person must approve',
  },
  'problem.fourEyes.detail': {
    fr: 'Vous avez instruit ou rédigé ce dossier : un autre superviseur doit valider cette étape (principe des quatre yeux).',
    ar: 'لقد قمت بدراسة هذا الملف أو إعداده: يجب أن يعتمد هذه المرحلة مشرف آخر (مبدأ الأعين الأربع).',
    en: 'You screened or prepared this case: another supervisor must approve this step (four-eyes principle).',
  },
  'problem.roleNotAllowed.title': {
    fr: 'Étape réservée à un autre rôle',
    ar: 'مرحلة مخصصة لدور آخر',
    en: 'Step reserved for another role',
  },
  'problem.roleNotAllowed.detail': {
    fr: 'Votre rôle ne vous permet pas d’accomplir cette étape du dossier.',
    ar: 'لا يسمح لك دورك بإنجاز هذه المرحلة من الملف.',
    en: 'Your role does not allow you to complete this step of the case.',
  },
  'problem.otherPartner.title': {
    fr: 'Tâche d’une autre association',
    ar: 'مهمة تابعة لجمعية أخرى',
    en: 'Another association’s task',
  },
  'problem.otherPartner.detail': {
    fr: 'Cette tâche est confiée à une autre association partenaire.',
    ar: 'هذه المهمة موكلة إلى جمعية شريكة أخرى.',
    en: 'This task is entrusted to another partner association.',
  },
  'problem.supervisorOnly.title': {
    fr: 'Action réservée aux superviseurs',
    ar: 'إجراء مخصص للمشرفين',
    en: 'Supervisors only',
  },
  'problem.supervisorOnly.detail': {
    fr: 'Seuls les superviseurs et les administrateurs peuvent réattribuer une tâche.',
    ar: 'لا يمكن إعادة إسناد مهمة إلا للمشرفين والمسؤولين.',
    en: 'Only supervisors and administrators can reassign a task.',
  },
  'problem.queueNotAllowed.title': {
    fr: 'File de travail non accessible',
    ar: 'قائمة العمل غير متاحة',
    en: 'Work queue not accessible',
  },
  'problem.queueNotAllowed.detail': {
    fr: 'Vous ne pouvez consulter que les files de vos propres rôles ou de votre association.',
    ar: 'لا يمكنك الاطلاع إلا على قوائم أدوارك أو قائمة جمعيتك.',
    en: 'You can only view the queues of your own roles or of your association.',
  },
  'problem.withdrawalNotAllowed.title': {
    fr: 'Retrait réservé au personnel',
    ar: 'السحب مخصص للموظفين',
    en: 'Withdrawal reserved for staff',
  },
  'problem.withdrawalNotAllowed.detail': {
    fr: 'Seuls les agents et les superviseurs peuvent enregistrer le retrait d’une demande.',
    ar: 'لا يمكن تسجيل سحب الطلب إلا للموظفين المكلفين بالملفات والمشرفين.',
    en: 'Only caseworkers and supervisors can record the withdrawal of an application.',
  },
  'problem.taskAssignedToOther.title': {
    fr: 'Tâche déjà prise en charge',
    ar: 'المهمة مسندة مسبقًا',
    en: 'Task already taken',
  },
  'problem.taskAssignedToOther.detail': {
    fr: 'Une autre personne a déjà pris cette tâche en charge. Un superviseur peut la réattribuer.',
    ar: 'تكفّل شخص آخر بهذه المهمة مسبقًا. يمكن لمشرف إعادة إسنادها.',
    en: 'Someone else has already taken this task. A supervisor can reassign it.',
  },
  'problem.assigneeExcluded.title': {
    fr: 'Attribution impossible',
    ar: 'تعذّر الإسناد',
    en: 'Cannot assign',
  },
  'problem.assigneeExcluded.detail': {
    fr: 'Cette personne a instruit ou rédigé ce dossier et ne peut pas valider cette étape (principe des quatre yeux).',
    ar: 'قام هذا الشخص بدراسة هذا الملف أو إعداده ولا يمكنه اعتماد هذه المرحلة (مبدأ الأعين الأربع).',
    en: 'This person screened or prepared this case and cannot approve this step (four-eyes principle).',
  },
  'problem.taskAlreadyCompleted.title': {
    fr: 'Tâche déjà accomplie',
    ar: 'المهمة منجزة مسبقًا',
    en: 'Task already completed',
  },
  'problem.taskAlreadyCompleted.detail': {
    fr: 'Cette étape a déjà été accomplie par une autre personne ou avec une autre décision. Rechargez le dossier.',
    ar: 'أُنجزت هذه المرحلة مسبقًا من قبل شخص آخر أو بقرار مختلف. يرجى إعادة تحميل الملف.',
    en: 'This step was already completed by someone else or with another decision. Reload the case.',
  },
  'problem.taskNotOpen.title': {
    fr: 'Tâche close',
    ar: 'المهمة مغلقة',
    en: 'Task closed',
  },
  'problem.taskNotOpen.detail': {
    fr: 'Cette tâche n’est plus ouverte (annulée ou expirée).',
    ar: 'لم تعد هذه المهمة مفتوحة (أُلغيت أو انتهت صلاحيتها).',
    en: 'This task is no longer open (cancelled or expired).',
  },
  'problem.taskConcurrentUpdate.title': {
    fr: 'Tâche modifiée au même moment',
    ar: 'عُدّلت المهمة في الوقت نفسه',
    en: 'Task changed at the same time',
  },
  'problem.taskConcurrentUpdate.detail': {
    fr: 'Une autre personne a modifié cette tâche au même moment. Rechargez-la avant de continuer.',
    ar: 'عدّل شخص آخر هذه المهمة في الوقت نفسه. يرجى إعادة تحميلها قبل المتابعة.',
    en: 'Someone else changed this task at the same time. Reload it before continuing.',
  },
  'problem.taskNoLongerAwaited.title': {
    fr: 'Étape plus attendue',
    ar: 'المرحلة لم تعد منتظرة',
    en: 'Step no longer awaited',
  },
  'problem.taskNoLongerAwaited.detail': {
    fr: 'Le dossier n’attend plus cette étape (délai dépassé ou procédure arrêtée) : la décision n’a pas été prise en compte.',
    ar: 'لم يعد الملف ينتظر هذه المرحلة (انقضت المهلة أو توقف الإجراء): لم يُؤخذ القرار بعين الاعتبار.',
    en: 'The case no longer awaits this step (deadline passed or process stopped): the decision was not taken into account.',
  },
  'problem.caseClosed.title': {
    fr: 'Dossier clôturé',
    ar: 'الملف مغلق',
    en: 'Case closed',
  },
  'problem.caseClosed.detail': {
    fr: 'Ce dossier est déjà clôturé.',
    ar: 'هذا الملف مغلق مسبقًا.',
    en: 'This case is already closed.',
  },
  'problem.caseDeparted.title': {
    fr: 'Retour déjà effectué',
    ar: 'تمت العودة مسبقًا',
    en: 'Return already under way',
  },
  'problem.caseDeparted.detail': {
    fr: 'La personne est déjà partie : la demande ne peut plus être retirée.',
    ar: 'غادر الشخص مسبقًا: لم يعد من الممكن سحب الطلب.',
    en: 'The person has already departed: the application can no longer be withdrawn.',
  },
  'problem.tooManyRequests.title': {
    fr: 'Trop de requêtes',
    ar: 'طلبات كثيرة جدًا',
    en: 'Too many requests',
  },
  'problem.tooManyRequests.detail': {
    fr: 'Trop de requêtes en peu de temps. Réessayez un peu plus tard.',
    ar: 'عدد كبير جدًا من الطلبات في وقت قصير. يرجى إعادة المحاولة لاحقًا.',
    en: 'Too many requests in a short time. Please try again a little later.',
  },
  'problem.serviceUnavailable.title': {
    fr: 'Service temporairement indisponible',
    ar: 'الخدمة غير متاحة مؤقتًا',
    en: 'Service temporarily unavailable',
  },
  'problem.serviceUnavailable.detail': {
    fr: 'Le service est momentanément indisponible. Réessayez après le délai indiqué.',
    ar: 'الخدمة غير متاحة حاليًا. يرجى إعادة المحاولة بعد المهلة المحددة.',
    en: 'The service is temporarily unavailable. Retry after the indicated delay.',
  },
  'problem.internal.title': {
    fr: 'Erreur interne',
    ar: 'خطأ داخلي',
    en: 'Internal error',
  },
  'problem.internal.detail': {
    fr: "Une erreur inattendue s'est produite et a été enregistrée. Réessayez plus tard.",
    ar: 'حدث خطأ غير متوقع وتم تسجيله. يرجى إعادة المحاولة لاحقًا.',
    en: 'An unexpected error occurred and has been recorded. Please try again later.',
  },

  // --- Field errors: `{field}` is the subject phrase built by `fieldSubject` --------------------
  'field.subject.labelled': { fr: 'Le champ « {label} »', ar: 'الحقل «{label}»', en: 'The field “{label}”' },
  'field.subject.root': { fr: 'Le corps de la requête', ar: 'نص الطلب', en: 'The request body' },
  'field.subject.anonymous': { fr: 'Ce champ', ar: 'هذا الحقل', en: 'This field' },

  'field.required': { fr: '{field} est obligatoire.', ar: '{field} مطلوب.', en: '{field} is required.' },
  'field.invalid_type': {
    fr: '{field} doit être {expected}.',
    ar: '{field} يجب أن يكون {expected}.',
    en: '{field} must be {expected}.',
  },
  'field.expected.string': { fr: 'un texte', ar: 'نصًا', en: 'a text' },
  'field.expected.number': { fr: 'un nombre', ar: 'رقمًا', en: 'a number' },
  'field.expected.int': { fr: 'un nombre entier', ar: 'عددًا صحيحًا', en: 'a whole number' },
  'field.expected.boolean': { fr: 'vrai ou faux', ar: 'صحيحًا أو خطأ', en: 'true or false' },
  'field.expected.array': { fr: 'une liste', ar: 'قائمة', en: 'a list' },
  'field.expected.object': { fr: 'un ensemble de champs (objet)', ar: 'مجموعة حقول (كائنًا)', en: 'a group of fields (object)' },
  'field.expected.date': { fr: 'une date', ar: 'تاريخًا', en: 'a date' },
  'field.expected.other': { fr: 'd’un autre type', ar: 'من نوع آخر', en: 'of another type' },

  'field.too_small.string.nonempty': {
    fr: '{field} ne doit pas être vide.',
    ar: '{field} يجب ألا يكون فارغًا.',
    en: '{field} must not be empty.',
  },
  'field.too_small.string': {
    fr: '{field} doit contenir au moins {minimum} caractères.',
    ar: '{field} يجب أن يحتوي على {minimum} أحرف على الأقل.',
    en: '{field} must be at least {minimum} characters long.',
  },
  'field.too_small.string.exact': {
    fr: '{field} doit contenir exactement {minimum} caractères.',
    ar: '{field} يجب أن يحتوي على {minimum} أحرف بالضبط.',
    en: '{field} must be exactly {minimum} characters long.',
  },
  'field.too_small.number': {
    fr: '{field} doit être supérieur ou égal à {minimum}.',
    ar: '{field} يجب أن يكون أكبر من {minimum} أو مساويًا له.',
    en: '{field} must be at least {minimum}.',
  },
  'field.too_small.number.exclusive': {
    fr: '{field} doit être strictement supérieur à {minimum}.',
    ar: '{field} يجب أن يكون أكبر من {minimum}.',
    en: '{field} must be greater than {minimum}.',
  },
  'field.too_small.array': {
    fr: '{field} doit contenir au moins {minimum} élément(s).',
    ar: '{field} يجب أن يحتوي على {minimum} عنصر على الأقل.',
    en: '{field} must contain at least {minimum} item(s).',
  },
  'field.too_small.date': {
    fr: '{field} doit être le {minimum} ou une date postérieure.',
    ar: '{field} يجب أن يكون في {minimum} أو بعده.',
    en: '{field} must be on or after {minimum}.',
  },
  'field.too_big.string': {
    fr: '{field} ne doit pas dépasser {maximum} caractères.',
    ar: '{field} يجب ألا يتجاوز {maximum} حرفًا.',
    en: '{field} must be at most {maximum} characters long.',
  },
  'field.too_big.string.exact': {
    fr: '{field} doit contenir exactement {maximum} caractères.',
    ar: '{field} يجب أن يحتوي على {maximum} أحرف بالضبط.',
    en: '{field} must be exactly {maximum} characters long.',
  },
  'field.too_big.number': {
    fr: '{field} doit être inférieur ou égal à {maximum}.',
    ar: '{field} يجب أن يكون أصغر من {maximum} أو مساويًا له.',
    en: '{field} must be at most {maximum}.',
  },
  'field.too_big.number.exclusive': {
    fr: '{field} doit être strictement inférieur à {maximum}.',
    ar: '{field} يجب أن يكون أصغر من {maximum}.',
    en: '{field} must be less than {maximum}.',
  },
  'field.too_big.array': {
    fr: '{field} ne doit pas contenir plus de {maximum} éléments.',
    ar: '{field} يجب ألا يحتوي على أكثر من {maximum} عنصرًا.',
    en: '{field} must contain at most {maximum} items.',
  },
  'field.too_big.date': {
    fr: '{field} doit être le {maximum} ou une date antérieure.',
    ar: '{field} يجب أن يكون في {maximum} أو قبله.',
    en: '{field} must be on or before {maximum}.',
  },
  'field.invalid_format.email': {
    fr: '{field} doit être une adresse électronique valide.',
    ar: '{field} يجب أن يكون عنوان بريد إلكتروني صالحًا.',
    en: '{field} must be a valid email address.',
  },
  'field.invalid_format.date': {
    fr: '{field} doit être une date valide au format AAAA-MM-JJ.',
    ar: '{field} يجب أن يكون تاريخًا صالحًا بالصيغة YYYY-MM-DD.',
    en: '{field} must be a valid date in the format YYYY-MM-DD.',
  },
  'field.invalid_format.datetime': {
    fr: '{field} doit être une date et heure valides (ISO 8601).',
    ar: '{field} يجب أن يكون تاريخًا ووقتًا صالحين (ISO 8601).',
    en: '{field} must be a valid date and time (ISO 8601).',
  },
  'field.invalid_format.e164': {
    fr: '{field} doit être un numéro de téléphone au format international, par exemple +212612345678.',
    ar: '{field} يجب أن يكون رقم هاتف بالصيغة الدولية، مثل ‎+212612345678.',
    en: '{field} must be a phone number in international format, for example +212612345678.',
  },
  'field.invalid_format.url': {
    fr: '{field} doit être une adresse web valide.',
    ar: '{field} يجب أن يكون عنوان ويب صالحًا.',
    en: '{field} must be a valid web address.',
  },
  'field.invalid_format.regex': {
    fr: "{field} n'a pas le format attendu.",
    ar: '{field} ليس بالصيغة المطلوبة.',
    en: '{field} is not in the expected format.',
  },
  'field.invalid_value.one': {
    fr: '{field} doit valoir {values}.',
    ar: '{field} يجب أن تكون قيمته {values}.',
    en: '{field} must be {values}.',
  },
  'field.invalid_value.many': {
    fr: '{field} doit être l’une des valeurs suivantes : {values}.',
    ar: '{field} يجب أن يكون إحدى القيم التالية: {values}.',
    en: '{field} must be one of: {values}.',
  },
  'field.unrecognized_key': {
    fr: 'Le champ « {key} » n’est pas prévu par ce formulaire.',
    ar: 'الحقل «{key}» غير موجود في هذه الاستمارة.',
    en: 'The field “{key}” is not part of this form.',
  },
  'field.invalid_union': {
    fr: '{field} ne correspond à aucune des formes acceptées.',
    ar: '{field} لا يطابق أيًا من الصيغ المقبولة.',
    en: '{field} does not match any of the accepted shapes.',
  },
  'field.not_multiple_of': {
    fr: '{field} doit être un multiple de {divisor}.',
    ar: '{field} يجب أن يكون من مضاعفات {divisor}.',
    en: '{field} must be a multiple of {divisor}.',
  },
  'field.invalid': {
    fr: '{field} est invalide.',
    ar: '{field} غير صالح.',
    en: '{field} is invalid.',
  },

  // --- Cross-field rules of the forms (custom issues, looked up by params.code[.rule]) ---------
  'field.custom.guardian_required': {
    fr: 'La personne a moins de 18 ans : indiquez un tuteur ou un représentant légal, ou signalez un enfant non accompagné ou séparé.',
    ar: 'الشخص دون 18 سنة: يرجى ذكر وصي أو ممثل قانوني، أو الإشارة إلى أنه طفل غير مصحوب أو منفصل عن ذويه.',
    en: 'The person is under 18: give a guardian or legal representative, or flag an unaccompanied or separated child.',
  },
  'field.custom.guardian_consent_required': {
    fr: 'La personne a moins de 18 ans : le consentement du tuteur est obligatoire.',
    ar: 'الشخص دون 18 سنة: موافقة الوصي إلزامية.',
    en: 'The person is under 18: the guardian’s consent is required.',
  },
  'field.custom.date_order': {
    fr: "{field} n'est pas cohérent avec les autres dates du formulaire.",
    ar: '{field} لا يتوافق مع التواريخ الأخرى في الاستمارة.',
    en: '{field} is inconsistent with the other dates in the form.',
  },
  'field.custom.date_order.not_in_future': {
    fr: '{field} ne peut pas être postérieur au {date} ({reference}).',
    ar: '{field} لا يمكن أن يكون بعد {date} ({reference}).',
    en: '{field} cannot be later than {date} ({reference}).',
  },
  'field.custom.date_order.not_before_reference': {
    fr: '{field} ne peut pas être antérieur au {date} ({reference}).',
    ar: '{field} لا يمكن أن يكون قبل {date} ({reference}).',
    en: '{field} cannot be earlier than {date} ({reference}).',
  },
  'field.custom.date_order.year_not_after': {
    fr: '{field} ne peut pas être postérieur à l’année {year} ({reference}).',
    ar: '{field} لا يمكن أن يكون بعد سنة {year} ({reference}).',
    en: '{field} cannot be later than the year {year} ({reference}).',
  },
  'field.custom.contact_required': {
    fr: 'Indiquez au moins un moyen de contact (téléphone ou courriel), ou précisez que la personne est joignable par son conseiller.',
    ar: 'يرجى ذكر وسيلة اتصال واحدة على الأقل (هاتف أو بريد إلكتروني)، أو الإشارة إلى أنه يمكن التواصل مع الشخص عبر مستشاره.',
    en: 'Give at least one means of contact (phone or email), or state that the person can be reached through their counsellor.',
  },
  'field.custom.consent_required': {
    fr: 'Le consentement au traitement des données est indispensable pour traiter la demande.',
    ar: 'الموافقة على معالجة البيانات ضرورية لمعالجة الطلب.',
    en: 'Consent to data processing is required to handle the request.',
  },
  'field.custom.consent_or_best_interests_required': {
    fr: "Indiquez le consentement de la personne ou, pour un enfant qui ne peut pas consentir, la justification fondée sur l'intérêt supérieur de l'enfant.",
    ar: 'يرجى ذكر موافقة الشخص أو، في حالة طفل لا يستطيع الموافقة، مبرر قائم على المصلحة الفضلى للطفل.',
    en: "Give the person's consent or, for a child who cannot consent, a justification based on the child's best interests.",
  },
  'field.custom.not_applicable': {
    fr: '{field} ne doit être renseigné que si {condition}.',
    ar: '{field} لا يُملأ إلا إذا {condition}.',
    en: '{field} should only be filled in if {condition}.',
  },
  'field.custom.medical_needs_implied': {
    fr: 'Une condition médicale a été signalée : cochez « Besoins médicaux ».',
    ar: 'تمت الإشارة إلى حالة طبية: يرجى تحديد «احتياجات طبية».',
    en: 'A medical condition was flagged: tick “Medical needs”.',
  },
  'field.custom.age_out_of_range': {
    fr: 'La personne doit avoir entre {min} et {max} ans à la date de référence ({date}).',
    ar: 'يجب أن يكون عمر الشخص بين {min} و{max} سنة في التاريخ المرجعي ({date}).',
    en: 'The person must be between {min} and {max} years old on the reference date ({date}).',
  },
  'field.custom.escort_required': {
    fr: 'Un enfant non accompagné ou séparé voyage toujours avec un accompagnateur : cochez « Besoin d’un accompagnateur ».',
    ar: 'يسافر الطفل غير المصحوب أو المنفصل عن ذويه دائمًا برفقة مرافق: يرجى تحديد «الحاجة إلى مرافق».',
    en: 'An unaccompanied or separated child always travels with an escort: tick “Escort needed”.',
  },
  'field.custom.unknown_country': {
    fr: '{field} doit être un code pays ISO 3166-1 existant, par exemple GN, CI, SN ou CM.',
    ar: '{field} يجب أن يكون رمز بلد موجودًا وفق معيار ISO 3166-1، مثل GN أو CI أو SN أو CM.',
    en: '{field} must be an existing ISO 3166-1 country code, e.g. GN, CI, SN or CM.',
  },
  'field.custom.unknown_language': {
    fr: '{field} doit être un code de langue ISO 639-1 existant, par exemple fr, ar, en ou wo.',
    ar: '{field} يجب أن يكون رمز لغة موجودًا وفق معيار ISO 639-1، مثل fr أو ar أو en أو wo.',
    en: '{field} must be an existing ISO 639-1 language code, e.g. fr, ar, en or wo.',
  },
  'field.custom.birth_date_or_age_required': {
    fr: "Indiquez la date de naissance ou, à défaut, l'âge estimé.",
    ar: 'يرجى ذكر تاريخ الميلاد أو، إن تعذّر ذلك، العمر التقديري.',
    en: 'Give the date of birth or, failing that, the estimated age.',
  },
  'field.custom.details_required': {
    fr: '{field} est obligatoire lorsque « Autre » est sélectionné.',
    ar: '{field} مطلوب عند اختيار «أخرى».',
    en: '{field} is required when “Other” is selected.',
  },
  'field.custom.duplicate': {
    fr: '{field} contient des valeurs en double.',
    ar: '{field} يحتوي على قيم مكررة.',
    en: '{field} contains duplicate values.',
  },
} as const satisfies Record<string, Localized>;

export type CatalogueKey = keyof typeof catalogue;
export type ProblemName = CatalogueKey extends infer K ? (K extends `problem.${infer N}.title` ? N : never) : never;
/** A bare `problem.X` is shorthand for its title, the form the brief and handlers name problems by. */
export type MessageKey = CatalogueKey | `problem.${ProblemName}`;
export type MessageParams = Record<string, string | number>;

export function hasMessage(key: string): key is MessageKey {
  return key in catalogue || `${key}.title` in catalogue;
}

export function t(key: MessageKey, lang: Language, params?: MessageParams): string {
  const entry: Localized | undefined =
    (catalogue as Record<string, Localized>)[key] ?? (catalogue as Record<string, Localized>)[`${key}.title`];
  if (!entry) throw new Error(`unknown message key ${key}`);
  return interpolate(entry[lang], params);
}

function interpolate(template: string, params: MessageParams | undefined): string {
  // An unknown placeholder stays visible rather than silently producing a half sentence.
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params?.[name];
    return value === undefined ? whole : String(value);
  });
}

export function problemTitle(name: ProblemName, lang: Language, params?: MessageParams): string {
  return t(`problem.${name}.title` as CatalogueKey, lang, params);
}

export function problemDetail(name: ProblemName, lang: Language, params?: MessageParams): string {
  return t(`problem.${name}.detail` as CatalogueKey, lang, params);
}
