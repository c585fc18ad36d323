// The titles and details of the API's problems (RFC 9457), in the three languages of the mission.
import type { Localized } from './language.ts';

export const problemMessages = {
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
  'problem.duplicateJsonKey.title': {
    fr: 'Clé JSON en double',
    ar: 'مفتاح JSON مكرر',
    en: 'Duplicate JSON key',
  },
  'problem.duplicateJsonKey.detail': {
    fr: 'Le corps de la requête donne deux fois la même clé dans un objet : envoyez chaque champ une seule fois.',
    ar: 'يتضمن نص الطلب المفتاح نفسه مرتين في كائن واحد: يرجى إرسال كل حقل مرة واحدة فقط.',
    en: 'The request body gives the same key twice in one object: send each field only once.',
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
  'problem.formVersionRetired.title': {
    fr: 'Version de formulaire retirée',
    ar: 'إصدار الاستمارة لم يعد مقبولاً',
    en: 'Form version retired',
  },
  'problem.formVersionRetired.detail': {
    fr: 'La version {version} du formulaire « {formId} » n’ouvre plus de dossier : soumettez la version {currentVersion}.',
    ar: 'لم يعد الإصدار {version} من الاستمارة «{formId}» يفتح ملفات جديدة: يرجى استعمال الإصدار {currentVersion}.',
    en: 'Version {version} of form “{formId}” no longer opens cases: submit version {currentVersion}.',
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
  'problem.noticeLanguageInvalid.title': {
    fr: 'En-tête Notice-Language invalide',
    ar: 'ترويسة Notice-Language غير صالحة',
    en: 'Invalid Notice-Language header',
  },
  'problem.noticeLanguageInvalid.detail': {
    fr: "L'en-tête Notice-Language indique la langue dans laquelle la notice d'information a été montrée : fr, ar ou en.",
    ar: 'تشير ترويسة Notice-Language إلى اللغة التي عُرض بها إشعار الإعلام: fr أو ar أو en.',
    en: 'The Notice-Language header says which language the notice was shown in: fr, ar or en.',
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
  'problem.tokenExpired.title': {
    fr: 'Session expirée',
    ar: 'انتهت صلاحية الجلسة',
    en: 'Session expired',
  },
  'problem.tokenExpired.detail': {
    fr: 'Votre jeton de connexion a expiré : reconnectez-vous puis renvoyez la demande.',
    ar: 'انتهت صلاحية رمز تسجيل الدخول: يرجى تسجيل الدخول من جديد ثم إعادة إرسال الطلب.',
    en: 'Your sign-in token has expired: sign in again, then send the request again.',
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
  'problem.associationFormNotPublic.title': {
    fr: 'Formulaire réservé aux associations partenaires',
    ar: 'استمارة مخصصة للجمعيات الشريكة',
    en: 'Form reserved for partner associations',
  },
  'problem.associationFormNotPublic.detail': {
    fr: 'Ce formulaire est soumis par le personnel d’une association partenaire, ou par le personnel de la mission pour son compte : il ne peut pas être envoyé par le formulaire public.',
    ar: 'تُقدَّم هذه الاستمارة من طرف موظفي جمعية شريكة، أو من طرف موظفي البعثة نيابةً عنها: لا يمكن إرسالها عبر الاستمارة العمومية.',
    en: 'This form is submitted by a partner association’s staff, or by mission staff on its behalf: it cannot be sent through the public form.',
  },
  'problem.associationNotActive.title': {
    fr: 'Association non reconnue',
    ar: 'جمعية غير معترف بها',
    en: 'Association not recognised',
  },
  'problem.associationNotActive.detail': {
    fr: 'Votre compte n’est rattaché à aucune association partenaire enregistrée et active : demandez au personnel de la mission de vérifier la fiche de votre association.',
    ar: 'حسابك غير مرتبط بأي جمعية شريكة مسجلة ونشطة: اطلب من موظفي البعثة التحقق من بطاقة جمعيتك.',
    en: 'Your account belongs to no registered, active partner association: ask the mission’s staff to check your association’s record.',
  },
  'problem.associationInactive.title': {
    fr: 'Association désactivée',
    ar: 'جمعية معطَّلة',
    en: 'Association deactivated',
  },
  'problem.associationInactive.detail': {
    fr: 'Cette association est désactivée : aucun dossier ne peut être ouvert pour elle tant qu’elle n’est pas réactivée.',
    ar: 'هذه الجمعية معطَّلة: لا يمكن فتح أي ملف باسمها ما لم تُعَد إعادة تفعيلها.',
    en: 'This association is deactivated: no case can be opened for it until it is reactivated.',
  },
  'problem.associationExists.title': {
    fr: 'Identifiant déjà utilisé',
    ar: 'المعرّف مستعمل من قبل',
    en: 'Identifier already in use',
  },
  'problem.associationExists.detail': {
    fr: 'Une association porte déjà cet identifiant : choisissez-en un autre, ou modifiez la fiche existante.',
    ar: 'توجد جمعية تحمل هذا المعرّف: اختر معرّفًا آخر، أو عدّل البطاقة الموجودة.',
    en: 'An association already has this identifier: choose another one, or change the existing record.',
  },
  'problem.associationChanged.title': {
    fr: 'Fiche modifiée entre-temps',
    ar: 'عُدّلت البطاقة في الأثناء',
    en: 'Record changed meanwhile',
  },
  'problem.associationChanged.detail': {
    fr: 'La fiche de l’association a été modifiée depuis votre lecture : relisez-la puis renvoyez vos changements avec sa version actuelle.',
    ar: 'عُدّلت بطاقة الجمعية منذ قراءتك لها: أعد قراءتها ثم أرسل تغييراتك مع نسختها الحالية.',
    en: 'The association’s record changed since you read it: read it again, then send your changes with its current version.',
  },
  'problem.associationFormNotFound.title': {
    fr: 'Formulaire non destiné aux associations',
    ar: 'استمارة غير موجهة للجمعيات',
    en: 'Not an association form',
  },
  'problem.associationFormNotFound.detail': {
    fr: 'Ce formulaire n’existe pas ou n’est pas soumis pour le compte d’une association partenaire.',
    ar: 'هذه الاستمارة غير موجودة أو لا تُقدَّم نيابةً عن جمعية شريكة.',
    en: 'This form does not exist or is not submitted on behalf of a partner association.',
  },
  'problem.associationManagementNotAllowed.title': {
    fr: 'Action réservée aux superviseurs et administrateurs',
    ar: 'إجراء مخصص للمشرفين والمسؤولين',
    en: 'Supervisors and administrators only',
  },
  'problem.associationManagementNotAllowed.detail': {
    fr: 'Seuls les superviseurs et les administrateurs créent et modifient les fiches des associations partenaires.',
    ar: 'لا يُنشئ بطاقات الجمعيات الشريكة ولا يعدّلها إلا المشرفون والمسؤولون.',
    en: 'Only supervisors and administrators create and change partner associations’ records.',
  },
  'problem.associationsNotAllowed.title': {
    fr: 'Associations non accessibles',
    ar: 'الجمعيات غير متاحة',
    en: 'Associations not accessible',
  },
  'problem.associationsNotAllowed.detail': {
    fr: 'Les fiches des associations sont réservées au personnel de la mission et aux utilisateurs de chaque association.',
    ar: 'بطاقات الجمعيات مخصصة لموظفي البعثة ولمستخدمي كل جمعية.',
    en: 'Association records are for the mission’s staff and for each association’s own users.',
  },
  'problem.needsNotAllowed.title': {
    fr: 'Besoins non accessibles',
    ar: 'الحاجات غير متاحة',
    en: 'Needs not accessible',
  },
  'problem.needsNotAllowed.detail': {
    fr: "Les besoins des institutions d'accueil sont réservés au personnel de la mission.",
    ar: 'حاجات المؤسسات المستضيفة مخصصة لموظفي البعثة.',
    en: 'Host institutions’ needs are for the mission’s staff.',
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
  'problem.taskClaimedByOther.title': {
    fr: 'Tâche prise en charge par une autre personne',
    ar: 'المهمة في عهدة شخص آخر',
    en: 'Task claimed by someone else',
  },
  'problem.taskClaimedByOther.detail': {
    fr: 'Une autre personne a pris cette tâche en charge : elle seule peut l’accomplir, à moins qu’un superviseur ne la reprenne ou ne la réattribue.',
    ar: 'تكفّل شخص آخر بهذه المهمة: لا يمكن لغيره إنجازها، ما لم يتولَّها مشرف أو يُعِد إسنادها.',
    en: 'Someone else has claimed this task: only they can complete it, unless a supervisor takes it over or reassigns it.',
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
  'problem.assigneeUnknown.title': {
    fr: 'Attribution impossible',
    ar: 'تعذّر الإسناد',
    en: 'Cannot assign',
  },
  'problem.assigneeUnknown.detail': {
    fr: "Cette personne n'est pas membre de l'équipe (aucun compte actif dans l'annuaire du personnel).",
    ar: 'هذا الشخص ليس عضواً في الفريق (لا يوجد حساب نشط في دليل الموظفين).',
    en: 'This person is not a member of the team (no active account in the staff directory).',
  },
  'problem.assigneeNotEligible.title': {
    fr: 'Attribution impossible',
    ar: 'تعذّر الإسناد',
    en: 'Cannot assign',
  },
  'problem.assigneeNotEligible.detail': {
    fr: "Cette personne n'a pas de rôle qui lui permet d'accomplir cette étape (rôles requis : {roles}).",
    ar: 'ليس لهذا الشخص دور يسمح له بإنجاز هذه المرحلة (الأدوار المطلوبة: {roles}).',
    en: 'This person holds no role that may do this step (roles required: {roles}).',
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
  'problem.caseNotWithdrawable.title': {
    fr: 'Retrait impossible à cette étape',
    ar: 'لا يمكن السحب في هذه المرحلة',
    en: 'Cannot be withdrawn at this step',
  },
  'problem.caseNotWithdrawable.detail': {
    fr: "Le dossier n'est plus à une étape où la demande peut être retirée (par exemple après le retour, pendant le suivi).",
    ar: 'لم يعد الملف في مرحلة يمكن فيها سحب الطلب (مثلًا بعد العودة، أثناء المتابعة).',
    en: 'The case is no longer at a step where the application can be withdrawn (for example after the return, during follow-up).',
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
  'problem.shareWithoutConsent.title': {
    fr: 'Partage non consenti',
    ar: 'مشاركة غير مرخّص بها',
    en: 'Sharing not consented',
  },
  'problem.shareWithoutConsent.detail': {
    fr: "La personne n'a pas consenti au partage de son dossier avec ce partenaire. Recueillez son consentement, ou indiquez le motif légal qui permet de s'en passer (overrideReason).",
    ar: 'لم يوافق الشخص على مشاركة ملفه مع هذا الشريك. يرجى الحصول على موافقته، أو بيان السند القانوني الذي يغني عنها (overrideReason).',
    en: 'The person has not consented to their case being shared with this partner. Obtain their consent, or give the legal ground that allows sharing without it (overrideReason).',
  },
  'problem.shareUntilInPast.title': {
    fr: 'Date de fin déjà passée',
    ar: 'تاريخ الانتهاء قد مضى',
    en: 'End date already past',
  },
  'problem.shareUntilInPast.detail': {
    fr: 'Un partage doit se terminer dans le futur.',
    ar: 'يجب أن تنتهي المشاركة في المستقبل.',
    en: 'A share must end in the future.',
  },
  'problem.shareAlreadyEnded.title': {
    fr: 'Partage déjà terminé',
    ar: 'المشاركة منتهية بالفعل',
    en: 'Share already ended',
  },
  'problem.shareAlreadyEnded.detail': {
    fr: 'Ce partage a déjà pris fin : révoqué, refusé par le partenaire ou arrivé à sa date de fin.',
    ar: 'انتهت هذه المشاركة من قبل: أُلغيت، أو رفضها الشريك، أو بلغت تاريخ انتهائها.',
    en: 'This share has already ended: revoked, rejected by the partner, or past its end date.',
  },
  'problem.referralAnswerNotAllowed.title': {
    fr: 'Réponse réservée au partenaire',
    ar: 'الرد مخصص للشريك',
    en: 'Answer reserved for the partner',
  },
  'problem.referralAnswerNotAllowed.detail': {
    fr: "Seuls les utilisateurs de l'association partenaire à qui le service est orienté acceptent ou refusent l'orientation.",
    ar: 'لا يقبل الإحالة أو يرفضها إلا مستخدمو الجمعية الشريكة التي أُحيلت إليها الخدمة.',
    en: 'Only the users of the partner association the service is referred to accept or reject the referral.',
  },
  'problem.notAReferral.title': {
    fr: 'Pas une orientation de service',
    ar: 'ليست إحالة خدمة',
    en: 'Not a service referral',
  },
  'problem.notAReferral.detail': {
    fr: "Ce partage porte sur tout le dossier : il n'attend ni acceptation ni refus.",
    ar: 'تشمل هذه المشاركة الملف كله: لا تنتظر قبولًا ولا رفضًا.',
    en: 'This share is of the whole case: it awaits no acceptance or rejection.',
  },
  'problem.referralAlreadyAnswered.title': {
    fr: 'Orientation déjà traitée',
    ar: 'تم الرد على الإحالة من قبل',
    en: 'Referral already answered',
  },
  'problem.referralAlreadyAnswered.detail': {
    fr: 'Cette orientation a déjà été acceptée ou refusée.',
    ar: 'تم قبول هذه الإحالة أو رفضها من قبل.',
    en: 'This referral has already been accepted or rejected.',
  },
  'problem.serviceAlreadyReferred.title': {
    fr: 'Service déjà orienté',
    ar: 'الخدمة محالة بالفعل',
    en: 'Service already referred',
  },
  'problem.serviceAlreadyReferred.detail': {
    fr: "Ce service est déjà orienté vers un partenaire (en attente ou acceptée). Révoquez cette orientation, ou attendez son refus ou sa fin, avant d'en demander un autre.",
    ar: 'هذه الخدمة محالة بالفعل إلى شريك (قيد الانتظار أو مقبولة). ألغِ تلك الإحالة أو انتظر رفضها أو انتهاءها قبل طلب شريك آخر.',
    en: 'This service is already referred to a partner (pending or accepted). Revoke that referral, or wait for its rejection or end, before asking another.',
  },
  'problem.unknownService.title': {
    fr: 'Service inconnu',
    ar: 'خدمة غير معروفة',
    en: 'Unknown service',
  },
  'problem.unknownService.detail': {
    fr: "Le dossier n'a pas de service avec cet identifiant dans son plan d'assistance.",
    ar: 'لا توجد في خطة المساعدة للملف خدمة بهذا المعرّف.',
    en: 'The case has no service with this id in its assistance plan.',
  },
  'problem.expertNotListed.title': {
    fr: 'Expert absent du registre',
    ar: 'الخبير غير مدرج في السجل',
    en: 'Expert not in the register',
  },
  'problem.expertNotListed.detail': {
    fr: "Cet expert n'est pas (ou plus) inscrit au registre : il doit d'abord être vérifié, ou il s'est retiré.",
    ar: 'هذا الخبير غير مدرج (أو لم يعد مدرجًا) في السجل: يجب التحقق منه أولًا، أو أنه انسحب.',
    en: 'This expert is not (or no longer) in the register: they must be verified first, or they withdrew.',
  },
  'problem.expertChanged.title': {
    fr: 'Inscription modifiée entre-temps',
    ar: 'عُدّل التسجيل في الأثناء',
    en: 'Entry changed meanwhile',
  },
  'problem.expertChanged.detail': {
    fr: "L'inscription de l'expert au registre a été modifiée depuis votre lecture : relisez-la puis renvoyez vos changements avec sa version actuelle.",
    ar: 'عُدّل تسجيل الخبير في السجل منذ قراءتك له: أعد قراءته ثم أرسل تغييراتك مع نسخته الحالية.',
    en: "The expert's register entry changed since you read it: read it again, then send your changes with its current version.",
  },
  'problem.registerSearchNotAllowed.title': {
    fr: 'Recherche réservée au personnel de la mission',
    ar: 'البحث مخصص لموظفي البعثة',
    en: 'Search reserved to mission staff',
  },
  'problem.registerSearchNotAllowed.detail': {
    fr: 'Seuls les agents, superviseurs et administrateurs de la mission consultent le registre des experts.',
    ar: 'لا يطّلع على سجل الخبراء إلا موظفو البعثة ومشرفوها ومسؤولوها.',
    en: "Only the mission's caseworkers, supervisors and administrators consult the experts' register.",
  },
  'problem.needNotMatchedToReturnee.title': {
    fr: 'Offre non attribuée à ce candidat au retour',
    ar: 'العرض غير مسند إلى هذا المترشح للعودة',
    en: 'Offer not matched to this returnee',
  },
  'problem.needNotMatchedToReturnee.detail': {
    fr: "Une offre d'emploi ne peut être enregistrée que depuis un besoin dont l'appariement avec ce candidat au retour a été confirmé.",
    ar: 'لا يمكن تسجيل عرض عمل إلا انطلاقا من حاجة تم تأكيد مطابقتها مع هذا المترشح للعودة.',
    en: 'A job offer can only be recorded from a need whose match with this returnee has been confirmed.',
  },
} as const satisfies Record<string, Localized>;
