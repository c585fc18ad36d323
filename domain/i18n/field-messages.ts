// What is wrong with a field, and the forms' cross-field rules, in the three languages of the mission.
import type { Localized } from './language.ts';

export const fieldMessages = {
  // --- Field errors: `{field}` is the subject phrase built by `fieldSubject` --------------------
  'field.subject.labelled': { fr: 'Le champ « {label} »', ar: 'الحقل «{label}»', en: 'The field “{label}”' },
  'field.subject.root': { fr: 'Le corps de la requête', ar: 'نص الطلب', en: 'The request body' },
  'field.subject.anonymous': { fr: 'Ce champ', ar: 'هذا الحقل', en: 'This field' },

  'field.duplicate_key': {
    fr: 'Cette clé figure deux fois dans le même objet : chaque champ ne doit être envoyé qu’une seule fois.',
    ar: 'يرد هذا المفتاح مرتين في الكائن نفسه: يجب إرسال كل حقل مرة واحدة فقط.',
    en: 'This key appears twice in the same object: send each field only once.',
  },
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
  'field.invalid_value.true': {
    fr: '{field} doit être coché.',
    ar: '{field} يجب تأشيره.',
    en: '{field} must be ticked.',
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
  'field.custom.reference_malformed': {
    fr: '{field} n’est pas une référence de dossier : par exemple AVRR-2026-000123 (majuscules, espaces et tirets indifférents).',
    ar: '{field} ليس مرجع ملف: مثلًا AVRR-2026-000123 (لا تهم الأحرف الكبيرة والمسافات والشرطات).',
    en: '{field} is not a case reference: for example AVRR-2026-000123 (case, spaces and dashes do not matter).',
  },
  'field.custom.one_search_criterion': {
    fr: 'Indiquez exactement un critère de recherche : un nom, un numéro de téléphone ou un numéro de document.',
    ar: 'يرجى تحديد معيار بحث واحد بالضبط: اسم أو رقم هاتف أو رقم وثيقة.',
    en: 'Give exactly one search criterion: a name, a phone number or a document number.',
  },
  'field.custom.name_too_short': {
    fr: '{field} ne contient aucune partie de nom recherchable (au moins deux lettres, hors particules comme « el » ou « ben »).',
    ar: '{field} لا يتضمن أي جزء من الاسم قابل للبحث (حرفان على الأقل، دون أدوات مثل «ال» أو «بن»).',
    en: '{field} holds no searchable part of a name (two letters at least, particles such as “el” or “ben” aside).',
  },
  'field.custom.phone_invalid': {
    fr: '{field} n’est pas un numéro de téléphone valide (format international +212…, ou marocain 06…).',
    ar: '{field} ليس رقم هاتف صالحًا (بالصيغة الدولية ‎+212…‎ أو المغربية 06…).',
    en: '{field} is not a valid phone number (international +212…, or Moroccan 06…).',
  },
  'field.custom.document_too_short': {
    fr: '{field} doit contenir au moins 4 lettres ou chiffres.',
    ar: '{field} يجب أن يحتوي على 4 أحرف أو أرقام على الأقل.',
    en: '{field} must hold at least 4 letters or digits.',
  },
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
  'field.custom.date_order.after_reference': {
    fr: '{field} doit être postérieur au {date} ({reference}).',
    ar: '{field} يجب أن يكون بعد {date} ({reference}).',
    en: '{field} must be later than {date} ({reference}).',
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
  'field.custom.duration_exceeds_window': {
    fr: '{field} : {weeks} semaines ne tiennent pas entre le {from} et le {to}.',
    ar: '{field}: لا تتسع {weeks} أسابيع بين {from} و{to}.',
    en: '{field}: {weeks} weeks do not fit between {from} and {to}.',
  },
  'field.custom.engagement_terms_required': {
    fr: '{field} est obligatoire si {condition}.',
    ar: '{field} مطلوب إذا {condition}.',
    en: '{field} is required if {condition}.',
  },
  'field.custom.mission_city_required': {
    fr: '{field} est obligatoire pour une mission sur place ou hybride.',
    ar: '{field} مطلوب لمهمة حضورية أو هجينة.',
    en: '{field} is required for an on-site or hybrid mission.',
  },
  // --- Rules of the host institutions' need decisions (domain/migration-development/need-steps.ts) ---
  'field.custom.engagement_terms_mismatch': {
    fr: "{field} ne correspond pas au type d'engagement : une mission d'expert a une durée en semaines, une offre d'emploi un type de contrat (et sa durée en mois pour un contrat à durée déterminée).",
    ar: '{field} لا يتوافق مع نوع الالتزام: لمهمة الخبير مدة بالأسابيع، ولعرض العمل نوع عقد (ومدته بالأشهر إذا كان محدد المدة).',
    en: "{field} does not fit the engagement: an expert's mission has a duration in weeks, a job offer a contract kind (and its months when fixed-term).",
  },
  'field.custom.skill_not_normalised': {
    fr: '{field} doit être une clé de recherche : en minuscules, sans accents, sans espaces en trop.',
    ar: '{field} يجب أن يكون مفتاح بحث: بأحرف صغيرة، دون علامات، ودون مسافات زائدة.',
    en: '{field} must be a search key: lower case, no accents, no extra spaces.',
  },
  'field.custom.window_end_before_start': {
    fr: '{field} doit être postérieur au début au plus tôt.',
    ar: '{field} يجب أن يكون بعد أقرب تاريخ للبدء.',
    en: '{field} must be later than the earliest start.',
  },
  'field.custom.window_ended': {
    fr: "{field} : cette période est déjà terminée ; indiquez une fin au plus tard qui n'est pas passée.",
    ar: '{field}: هذه الفترة انتهت؛ يرجى تحديد تاريخ انتهاء لم يمض بعد.',
    en: '{field}: this window has already ended; give a latest end that has not passed.',
  },
  'field.custom.window_start_too_far': {
    fr: "{field} : la période doit commencer au plus tard le {date} ({days} jours après aujourd'hui) ; validez le besoin plus près de son début.",
    ar: '{field}: يجب أن تبدأ الفترة في أجل أقصاه {date} ({days} يومًا من اليوم)؛ يرجى المصادقة على الحاجة في تاريخ أقرب إلى بدايتها.',
    en: '{field}: the window must start by {date} at the latest ({days} days from today); validate the need closer to its start.',
  },
  'field.custom.clarification_limit_reached': {
    fr: "{field} : l'institution a déjà été interrogée le nombre maximal de fois ; validez ou rejetez le besoin.",
    ar: '{field}: سبق طرح أسئلة على المؤسسة العدد الأقصى من المرات؛ يرجى المصادقة على الحاجة أو رفضها.',
    en: '{field}: the institution has already been asked the most questions allowed; validate or reject the need.',
  },
  // --- Rules of the assignment decisions (domain/migration-development/assignment-steps.ts) ---------
  'field.custom.preparation_mode_mismatch': {
    fr: '{field} : cette préparation ne correspond pas à la modalité de la mission (déplacement et séjour sur place ou en mode hybride, installation en ligne à distance).',
    ar: '{field}: هذا التحضير لا يتوافق مع صيغة المهمة (السفر والإقامة للعمل الحضوري أو المختلط، والإعداد عبر الإنترنت للعمل عن بعد).',
    en: '{field}: this preparation does not fit the mission’s mode (travel and stay on site or hybrid, an online set-up when remote).',
  },
  'field.custom.arrival_before_departure': {
    fr: '{field} ne peut pas précéder le départ.',
    ar: '{field} لا يمكن أن يسبق تاريخ المغادرة.',
    en: '{field} cannot be before the departure.',
  },
  'field.custom.start_before_window': {
    fr: '{field} ne peut pas précéder le {date}, quelques jours avant le début de la période de la mission.',
    ar: '{field} لا يمكن أن يسبق {date}، أي بضعة أيام قبل بداية فترة المهمة.',
    en: '{field} cannot be before {date}, a few days before the mission’s window starts.',
  },
  'field.custom.end_before_start': {
    fr: '{field} ne peut pas précéder le début de la mission ({date}).',
    ar: '{field} لا يمكن أن يسبق بداية المهمة ({date}).',
    en: '{field} cannot be before the mission started ({date}).',
  },
  // --- Rules of the protection decisions (domain/protection/steps.ts) ------------------------------
  'field.custom.trafficking_required': {
    fr: '{field} est obligatoire lorsque la catégorie « victime de traite » est retenue : indiquez le recrutement, les moyens de contrôle, l’exploitation, les lieux et la relation avec le recruteur.',
    ar: '{field} مطلوب عند اختيار فئة «ضحية الاتجار بالبشر»: يرجى ذكر طريقة التجنيد ووسائل السيطرة ونوع الاستغلال والأماكن والعلاقة بالمجنِّد.',
    en: '{field} is required when the category “victim of trafficking” is chosen: give the recruitment, means of control, exploitation, locations and relationship to the recruiter.',
  },
  'field.custom.trafficking_not_applicable': {
    fr: '{field} ne doit être renseigné que si la catégorie « victime de traite » est retenue.',
    ar: '{field} لا يُملأ إلا عند اختيار فئة «ضحية الاتجار بالبشر».',
    en: '{field} should only be filled in when the category “victim of trafficking” is chosen.',
  },
  'field.custom.unaccompanied_or_separated': {
    fr: 'Un enfant est soit non accompagné, soit séparé : choisissez l’une des deux catégories.',
    ar: 'الطفل إما غير مصحوب أو منفصل عن ذويه: يرجى اختيار إحدى الفئتين فقط.',
    en: 'A child is either unaccompanied or separated: choose one of the two categories.',
  },
  'field.custom.region_only_in_morocco': {
    fr: '{field} ne s’indique que pour un lieu situé au Maroc (pays MA).',
    ar: '{field} لا يُذكر إلا لمكان يقع في المغرب (البلد MA).',
    en: '{field} is only given for a place in Morocco (country MA).',
  },
  'field.custom.bid_required': {
    fr: 'Une solution durable pour un enfant non accompagné ou séparé exige d’abord une détermination de l’intérêt supérieur (DIS) : choisissez « DIS nécessaire ».',
    ar: 'يتطلب الحل الدائم لطفل غير مصحوب أو منفصل عن ذويه أولًا تحديد المصلحة الفضلى: يرجى اختيار «تحديد المصلحة الفضلى مطلوب».',
    en: 'A durable solution for an unaccompanied or separated child needs a best interests determination (BID) first: choose “BID needed”.',
  },
  'field.custom.bid_already_recorded': {
    fr: 'Aucune détermination de l’intérêt supérieur n’est à faire pour ce dossier : elle est déjà enregistrée, ou la personne n’est pas un enfant non accompagné ou séparé.',
    ar: 'لا حاجة إلى تحديد المصلحة الفضلى في هذا الملف: فهو مسجل بالفعل، أو أن الشخص ليس طفلًا غير مصحوب أو منفصلًا عن ذويه.',
    en: 'No best interests determination is to be made for this case: it is already recorded, or the person is not an unaccompanied or separated child.',
  },
  'field.custom.implementation_before_panel': {
    fr: '{field} ne peut pas précéder la date du panel.',
    ar: '{field} لا يمكن أن يسبق تاريخ انعقاد اللجنة.',
    en: '{field} cannot be before the panel date.',
  },
  // Youth track decisions (domain/youth-employability/youth-steps.ts).
  'field.custom.activity_not_in_track': {
    fr: '{field} ne fait pas partie des activités du parcours choisi.',
    ar: '{field} ليس من أنشطة المسار المختار.',
    en: '{field} is not one of the chosen track’s activities.',
  },
  'field.custom.window_ends_before_start': {
    fr: '{field} ne peut pas précéder le début de la période.',
    ar: '{field} لا يمكن أن يسبق بداية الفترة.',
    en: '{field} cannot be before the start of the window.',
  },
  'field.custom.window_too_long': {
    fr: '{field} : une période de disponibilité dure au plus deux ans.',
    ar: '{field}: لا تتجاوز فترة التوفر سنتين.',
    en: '{field}: an availability window lasts at most two years.',
  },
  'field.custom.dates_together': {
    fr: '{field} : donnez les deux dates de la période (from et to), ou aucune.',
    ar: '{field}: أدخل تاريخي الفترة (from و to) أو لا تدخل أيًّا منهما.',
    en: '{field}: give both dates of the window (from and to), or neither.',
  },
  'field.custom.search_needs_criterion': {
    fr: 'Indiquez au moins une compétence, un pays ou un secteur.',
    ar: 'حدّد على الأقل مهارة أو بلدًا أو قطاعًا.',
    en: 'Give at least a skill, a country or a sector.',
  },
  'field.custom.planned_end_before_start': {
    fr: '{field} ne peut pas précéder le début prévu.',
    ar: '{field} لا يمكن أن يسبق البداية المتوقعة.',
    en: '{field} cannot be before the planned start.',
  },
  'field.custom.date_before_enrolment': {
    fr: '{field} ne peut pas précéder la date d’inscription du jeune ({date}).',
    ar: '{field} لا يمكن أن يسبق تاريخ تسجيل الشاب ({date}).',
    en: '{field} cannot be before the young person’s enrolment date ({date}).',
  },
  'field.custom.date_in_future': {
    fr: '{field} ne peut pas être dans le futur : enregistrez ce qui a eu lieu.',
    ar: '{field} لا يمكن أن يكون في المستقبل: سجّل ما حدث فعلًا.',
    en: '{field} cannot be in the future: record what has happened.',
  },
  'field.custom.exit_required': {
    fr: 'Le parcours a atteint sa durée maximale : enregistrez sa sortie (terminé, ou abandon avec son motif).',
    ar: 'بلغ المسار مدته القصوى: سجّل الخروج منه (مكتمل، أو انقطاع مع سببه).',
    en: 'The track has reached its time limit: record its exit (completed, or dropped out with its reason).',
  },
  'field.custom.soft_skills_before_missing': {
    fr: 'Une évaluation des compétences de vie « après » demande d’abord une évaluation « avant » enregistrée pour ce jeune.',
    ar: 'يتطلب تقييم المهارات الحياتية «بعد» تسجيل تقييم «قبل» لهذا الشاب أولًا.',
    en: 'A soft-skills assessment “after” needs a “before” assessment recorded for this young person first.',
  },
  'field.custom.soft_skills_after_too_early': {
    fr: '{field} ne peut pas précéder l’évaluation « avant » de ce jeune ({date}).',
    ar: '{field} لا يمكن أن يسبق تقييم «قبل» لهذا الشاب ({date}).',
    en: '{field} cannot be before this young person’s “before” assessment ({date}).',
  },
} as const satisfies Record<string, Localized>;
