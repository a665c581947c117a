# Civic Tracker, қазақша. Хабарлама идентификаторлары — үлгі кілттері, '.' және '_' орнына '-'
# (t("mail.support_confirm.subject") — mail-support-confirm-subject). Орын толтырғыштар:
# { $name }; сандар көпше түрін таңдайды: { $count -> [one] ... *[other] ... }.


## site
site-title = Civic Tracker
site-footer = Сервисті { $org } жүргізеді. Мәселелер { $party } мүшелеріне беріледі және шешілгенге дейін жария түрде бақыланады.

## nav
nav-users = Пайдаланушылар
nav-account = Тіркелгі
nav-jobs = Тапсырмалар
nav-mail = Пошта
nav-access-log = Қол жеткізу журналы
nav-holidays = Мереке күндері
nav-problems = Мәселелер
nav-report = Мәселе туралы хабарлау
nav-dashboard = Көрсеткіштер тақтасы
nav-workspace = Менің мәселелерім
nav-triage = Сұрыптау
nav-representatives = Өкілдер
nav-rules = Бағыттау ережелері
nav-categories = Санаттар
nav-login = Кіру
nav-logout = Шығу

## home
home-most-supported = Ең көп қолдау тапқан ашық мәселелер
home-supporters = қолдаушылар: { $count }
home-more = Барлығы, ең көп қолдау тапқаны алдымен
home-no-supported = Ашық мәселелердің әзірге қолдаушысы жоқ.
home-recently-resolved = Жақында шешілгендер
home-no-resolved = Әзірге ештеңе шешілмеді.
home-confirmed = Соңғы 30 күнде азаматтар бағалаған шешімдердің ішінде растағаны: { $share } ({ $fixed } / { $judged }). «Шешілді» — өкілдің сөзі, «түзетілді» — азаматтың сөзі.
home-confirmed-none = Соңғы 30 күнде әзірге бірде-бір азамат шешімді бағаламады.
home-heading = Азаматтар мәселелерін қоғамдық бақылау
home-intro = Қалаңыздағы немесе өңіріңіздегі мәселе туралы хабарлаңыз. { $org } оны { $party } құрамындағы жауапты өкілге береді, ал оның шешілу барысын кез келген адам ашық түрде бақылай алады.
home-latest = Соңғы мәселелер
home-all = Барлық мәселелер ({ $total })
home-counting = Көрсеткіштер есептелуде; олар осында сәлден соң шығады.
home-all-estimated = Барлық мәселелер (шамамен { $total })
home-empty = Әзірге бірде-бір мәселе жарияланған жоқ.

## dash
dash-heading = Көрсеткіштер тақтасы
dash-regions = Өңірлер
dash-representatives = Өкілдер рейтингі
dash-categories = Санаттар
dash-overdue = Мерзімі өткен мәселелер
dash-overview = Шолу
dash-period = Кезең
dash-days = соңғы { $days } күн
dash-custom = Өз кезеңіңіз
dash-from = Басы
dash-to = Соңы
dash-show = Көрсету
dash-all = Барлығы
dash-as-of = Деректер уақыты: { $time }. Жаңа оқиғалар түскен сайын көрсеткіштер фондық режимде қайта есептеледі.
dash-api = Осы көрсеткіштер JSON форматында
dash-received = Түскені
dash-open = Қазір ашық
dash-overdue-now = Қазір мерзімі өткен
dash-resolved = Шешілді
dash-fixed = Азаматтар түзетілгенін растады
dash-before = алдыңғы кезеңде: { $n }
dash-ack-days = Қабылдауға кеткен күн
dash-resolve-days = Шешуге кеткен күн
dash-median = медиана
dash-p90 = 90-процентиль
dash-of-n = { $count } мәселе бойынша
dash-confirmed-share = Расталған үлес
dash-confirmed-help = Кезеңдегі азаматтар бағаларының ішінде «түзетілді» деген жауаптардың үлесі. «Шешілді» — өкілдің сөзі, «түзетілді» — азаматтың сөзі.
dash-on-time = Уақытында шешілген үлес
dash-on-time-help = Шешу мерзімі осы кезеңге түсіп, өтіп кеткен мәселелер ({ $due }) ішінен: мерзімге дейін шешілсе — уақытында; кейін шешілсе немесе әлі шешілмесе — кешіккен ({ $late }).
dash-reopened-share = Қайта ашылған үлес
dash-chart-flow = Түскені және шешілгені
dash-chart-age = Ашық мәселелер жасы бойынша
dash-worst = Мерзімі ең көп өткен өкілдер
dash-whole-table = Толық рейтинг
dash-oldest = Мерзімі ең ұзақ өткендер
dash-all-overdue = Мерзімі өткен барлық мәселелер
dash-supported = Ең көп қолдау тапқан ашық мәселелер
dash-none = Осы сүзгілер бойынша ештеңе жоқ.
dash-name = Аты-жөні
dash-region = Өңір
dash-category = Санат
dash-representative = Өкіл
dash-age = Жасы (күн)
dash-overdue-for = Мерзімі өткені (күн)
dash-escalation = Жоғарыға берілді
dash-yes = иә
dash-no = жоқ
dash-median-ack = Қабылдауға кеткен күн медианасы
dash-median-resolve = Шешуге кеткен күн медианасы
dash-overdue-share = Мерзімі өткен үлес
dash-map-help = Әр тақта — бір өңір: ашық мәселелерінің ішінде мерзімі өткендерінің үлесі неғұрлым көп болса, соғұрлым қою. Тақтаны басып, өңір шолуына өтесіз.
dash-sort-help = Сұрыптау үшін баған тақырыбын басыңыз, ең нашары алдымен.
dash-general = Жалпы мәселелер
dash-election = Сайлау заңбұзушылықтары
dash-group-total = { $group }: барлығы
dash-count = Мерзімі өткен { $count } мәселе
dash-as-list = Оларды мәселелер тізімі ретінде ашу
dash-trend = Үрдіс
dash-open-problems = Ашық мәселелер ({ $count })
dash-inactive = Енді белсенді емес
dash-definitions = Ұзақтық — мәселе тағайындалған сәттен бері өткен уақыт: сағатқа дейін есептеліп, күнмен бір ондық таңбаға дейін көрсетіледі. Сандар — кезеңдегі оқиғалар; ашық және мерзімі өткен мәселелер қазіргі сәтте есептеледі.

## dashboards (charts)
dash-chart-flow-day = Күн сайын түскені және шешілгені
dash-chart-flow-week = Апта сайын түскені және шешілгені
dash-tip-received = { $day }: { $count } мәселе түсті
dash-tip-resolved = { $day }: { $count } мәселе шешілді
dash-tip-open = { $band }: { $count } ашық мәселе
dash-band-under-7-days = 7 күнге дейін
dash-band-7-to-30-days = 7–30 күн
dash-band-30-to-90-days = 30–90 күн
dash-band-90-to-365-days = 90–365 күн
dash-band-over-365-days = бір жылдан астам
dash-map-title = Ашық мәселелер ішінде мерзімі өткендердің үлесі, өңірлер бойынша
dash-tip-region = { $region }: ашық мәселелердің { $share } мерзімі өткен
dash-tip-region-none = { $region }: ашық мәселе жоқ
dash-escalated-n = { $count } мәселе жоғарыға берілді
dash-reopened-n = Азаматтар { $count } мәселені қайта ашты
dash-tile-kz-10 = Абай
dash-tile-kz-11 = Ақмола
dash-tile-kz-15 = Ақтөбе
dash-tile-kz-19 = Алматы обл.
dash-tile-kz-23 = Атырау
dash-tile-kz-27 = Батыс Қаз.
dash-tile-kz-31 = Жамбыл
dash-tile-kz-33 = Жетісу
dash-tile-kz-35 = Қарағанды
dash-tile-kz-39 = Қостанай
dash-tile-kz-43 = Қызылорда
dash-tile-kz-47 = Маңғыстау
dash-tile-kz-55 = Павлодар
dash-tile-kz-59 = Солт. Қаз.
dash-tile-kz-61 = Түркістан
dash-tile-kz-62 = Ұлытау
dash-tile-kz-63 = Шығыс Қаз.
dash-tile-kz-71 = Астана
dash-tile-kz-75 = Алматы
dash-tile-kz-79 = Шымкент

## list
list-more = Қосымша сүзгілер
list-clear = Барлық сүзгілерді алып тастау
list-sort = Реті
list-sort-newest = Ең жаңасы алдымен
list-sort-support = Ең көп қолдау тапқаны алдымен
list-supporters = Қолдаушылар
list-search = Іздеу
list-search-hint = Тақырыптағы, сипаттамадағы немесе мекенжайдағы сөздер; ең сәйкесі алдымен
list-count-more = { $total } мәселеден көп
list-heading = Мәселелер
list-all = Барлығы
list-filter = Сүзу
list-count = { $total } мәселе
list-empty = Осы сүзгілерге сай мәселе жоқ.
list-count-estimated = шамамен { $total } мәселе (бағалау)

## pager
pager-previous = Алдыңғы
pager-next = Келесі
pager-first = Бірінші бет
pager-page = Бет: { $page } / { $pages }

## problem
problem-overdue = Мерзімі өткен: белгіленген мерзім өтіп кетті.
problem-escalated = Мерзімі өткен және өңір үйлестірушілеріне жоғарыға берілді.
problem-reference = №
problem-title = Мәселе
problem-region = Өңір
problem-category = Санат
problem-status = Мәртебе
problem-representative = Өкіл
problem-unassigned = Әлі тағайындалмаған
problem-address = Мекенжай
problem-location = Орналасқан жері
problem-filed = Жіберілген уақыты: { $when }
problem-responsible = Жауапты өкіл
problem-why-here = Неге осы өкілге
problem-acknowledge-by = Қабылдау мерзімі
problem-resolve-by = Шешу мерзімі
problem-duplicate-of = Мынаның қайталамасы
problem-timeline = Барысы
problem-internal-note = Ішкі жазба
problem-ledger-heading = Ашық тізілім
problem-ledger-intro = Бұл мәселенің әрбір ашық оқиғасы ашық тізілімдегі жазба болып табылады. Бұл — хештер тізбегі, оны ешкім, операторлар да, байқатпай өзгерте алмайды. Әр жазбаны және бүкіл тізбекті кез келген адам тексере алады.
problem-ledger-entry = { $seq }-жазба
problem-ledger-verify = Осы жазбаны тексеру
problem-ledger-head = Тізілімнің қазіргі күйі
problem-ledger-support = Қолдаушылар саналды
problem-redacted-title = [Мәтін жасырылды]
problem-redacted = { $field ->
    [title] Тақырып
    [description] Сипаттама
    [address] Мекенжай
   *[note] Түсініктеме
} { $when } жасырылды. Себебі: { $reason }
problem-ledger-redaction = Мәтінді жасыру
problem-redact-heading = Мәтінді жасыру
problem-redact-intro = Азамат өшіруді сұраған дербес деректер немесе заңсыз мазмұн үшін. Мәтін барлық беттерден, жүктемелерден және арналардан жойылады; ашық журнал оның хешін сақтап, қашан және не себепті жасырылғанын көрсетеді.
problem-redact-entry = Жазба
problem-redact-field = Мәтін
problem-redact-field-name = { $field ->
    [title] Тақырып
    [description] Сипаттама
    [address] Мекенжай
   *[note] Түсініктеме
}
problem-redact-reason = Себебі (барлығына көрінеді)
problem-redact-button = Жасыру

## status
status-unconfirmed = Расталмаған
status-new = Жаңа
status-assigned = Тағайындалды
status-acknowledged = Қабылданды
status-in-progress = Орындалуда
status-resolved = Шешілді
status-closed = Жабылды
status-reopened = Қайта ашылды
status-rejected = Бас тартылды
status-duplicate = Қайталама

## verdict
verdict-fixed = Азамат түзетілгенін растады
verdict-not-fixed = Азамат түзетілмегенін айтты
verdict-no-answer = Азаматтың жауабынсыз жабылды
verdict-closed-by-coordinator = Үйлестіруші жапты
verdict-withdrawn = Жіберген азамат кері қайтарып алды

## action
action-submit = Жіберілді
action-confirm = Электрондық пошта арқылы расталды
action-route = Бағытталды
action-return-to-triage = Сұрыптауға қайтарылды
action-acknowledge = Қабылданды
action-start = Жұмыс басталды
action-comment = Пікір
action-ask-citizen = Азаматқа сұрақ
action-answer-question = Азаматтың жауабы
action-resolve = Шешілді
action-reject = Бас тартылды
action-request-reassign = Қайта тағайындау сұралды
action-assign = Үйлестіруші тағайындады
action-mark-duplicate = Қайталама деп белгіленді
action-close = Жабылды
action-confirm-fixed = Азамат түзетілгенін растады
action-report-not-fixed = Азамат түзетілмегенін айтты
action-withdraw = Азамат кері қайтарып алды
action-erase-contact = Байланыс деректері өшірілді
action-close-no-answer = Жабылды: азамат жауап бермеді
action-mark-overdue = Мерзімі өтіп кетті
action-escalate = Өңір үйлестірушілеріне берілді
action-ask-fixed = Азаматтан мәселе түзетілді ме деп сұралды
action-note = Үйлестірушінің ішкі жазбасы

## do: the workspace offers actions by what they do (imperative)
do-acknowledge = Қабылдау
do-start = Жұмысты бастау
do-comment = Пікір қосу
do-ask-citizen = Азаматқа сұрақ қою
do-resolve = Шешілді деп белгілеу
do-reject = Бас тарту (бұл өкілге қатысты емес)
do-request-reassign = Қайта тағайындауды сұрау
do-assign = Тағайындау
do-mark-duplicate = Қайталама деп белгілеу
do-close = Жабу

## form
form-honeypot = Бұл өрісті бос қалдырыңыз
form-heading = Мәселе туралы хабарлау
form-intro = Тіркелгі қажет емес. Мәселені растау үшін Сізге электрондық пошта арқылы сілтеме жібереміз; тек содан кейін ол жарияланып, өкілге жіберіледі.
form-has-errors = Төменде белгіленген өрістерді түзетіңіз.
form-title = Қысқаша тақырып
form-title-hint = (5–200 таңба)
form-similar-heading = Ұқсас ашық мәселелер
form-similar-intro = Мүмкін, Сіздің мәселеңіз туралы бұрын хабарланған. Солай болса, жаңа өтініш бермей, соны қолдаңыз: қолдаушысы көп бір мәселенің салмағы артық.
form-similar-supporters = қолдаушылар: { $count }
form-similar-support = Жаңа өтініш бермей, осы мәселені қолдау
form-description = Мәселе неде?
form-description-hint = (20–5 000 таңба: қай жерде, қашаннан бері, кімге әсер етеді)
form-category = Санат
form-region = Өңір немесе қала
form-choose = Таңдаңыз…
form-election = Сайлау
form-address = Мекенжай
form-latitude = Ендік
form-longitude = Бойлық
form-optional = (міндетті емес)
form-email = Электрондық пошта
form-email-hint = (құпия: растау мен хабарламалар үшін ғана, ешқашан жарияланбайды)
form-display-name = Атыңыз
form-anonymous = Атымды жария көрсетпеу
form-consent = Осы мәселені қарау үшін электрондық пошта мекенжайым мен атымның өңделуіне келісемін (өңдеуші: { $org }). Олар ешқашан жарияланбайды.
form-consent-version = (келісім мәтінінің нұсқасы: { $version }; деректеріңізді кейін жеке бақылау бетіңізден өшіре аласыз)
form-submit = Жіберу

## submitted
submitted-title = Электрондық поштаңызды тексеріңіз
submitted-body = Сізге сілтеме жібердік. Сілтемені ашқан бойда мәселеңіз жарияланып, өкілге жіберіледі. Сол хатта мәселеңізді бақылауға арналған жеке сілтеме де бар.

## track
track-private = Бұл — осы мәселе бойынша Сіздің жеке бетіңіз. Оның мекенжайын ешкімге бермеңіз.
track-public-page = жария бет
track-question = Өкіл Сізге сұрақ қойды
track-your-answer = Жауабыңыз (пікір ретінде жарияланады)
track-send-answer = Жауапты жіберу
track-is-fixed = Мәселе шынымен түзетілді ме?
track-yes = Иә, түзетілді
track-no = Жоқ, түзетілмеді
track-not-fixed-why = Әлі не дұрыс емес?
track-not-fixed-hint = (міндетті емес; мәселемен бірге жарияланады және өкілге жіберіледі)
track-confirm-yes = Сіз мәселе түзетілді деп жауап бердіңіз. Растау үшін батырманы басыңыз: мәселе түзетілді деп жабылады.
track-confirm-no = Сіз мәселе түзетілмеді деп жауап бердіңіз. Растау үшін батырманы басыңыз: мәселе өкілге қайта ашылады.
track-change-answer = Екі жауапты да көрсету
track-withdraw-heading = Мәселені кері қайтарып алу
track-withdraw-text = Мәселеңізді әлі ешбір өкіл қабылдаған жоқ. Егер оны қарау енді қажет болмаса, кері қайтарып ала аласыз: мәселе жабылады және жария тізімде Сіз кері қайтарып алды деген белгімен қалады. Бұл әрекетті болдырмау мүмкін емес.
track-withdraw-button = Мәселемді кері қайтарып алу
track-privacy-heading = Байланыс деректеріңіз
track-erase-text = Электрондық пошта мекенжайыңыз бен атыңызды тек осы мәселе туралы хабар жіберу үшін сақтаймыз. Оларды қазір өшіруге болады: мәселе атыңызсыз жария күйінде қалады және қаралуын жалғастырады, бірақ біз Сізге енді хат жібере алмаймыз. Бұл бет жұмыс істей береді: мәселеңізді бақылау, сұрақтарға жауап беру және оның түзетілгенін не түзетілмегенін айту үшін оның мекенжайын сақтап қойыңыз. Бұл әрекетті болдырмау мүмкін емес.
track-retention = Әйтпесе олар мәселе жабылғаннан кейін { $days } күн өткенде өшіріледі.
track-erase-button = Байланыс деректерімді өшіру
track-erased-on = Байланыс деректеріңіз өшірілген күн: { $when }. Біз сақтайтын деректер арқылы Сізбен байланысу немесе Сізді анықтау мүмкін емес. Бұл бет жұмыс істей береді: мәселеңізді бақылау үшін оның мекенжайын сақтап қойыңыз.

## flash: one-time messages after an action (src/http/flash.rs)
flash-track-confirmed = Рақмет: мәселеңіз расталып, жарияланды.
flash-track-already = Бұл мәселе бұрын расталған.
flash-track-answered = Рақмет: жауабыңыз өкілге жіберілді.
flash-track-fixed = Рақмет: мәселе түзетілді деп жабылды.
flash-track-reopened = Рақмет: мәселе қайта ашылып, өкілге қайтарылды.
flash-track-withdrawn = Мәселеңіз кері қайтарылып, жабылды. Ол жария тізімде Сіз кері қайтарып алды деген белгімен қалады.
flash-track-erased = Байланыс деректеріңіз өшірілді. Бұл бет жұмыс істей береді: мәселеңізді бақылау үшін оның мекенжайын сақтап қойыңыз.
flash-support-confirmed = Рақмет: қолдауыңыз есепке алынды.
flash-saved = Сақталды.
flash-revoked = Күші жойылды: { $count }.
flash-imported = Импортталды: жаңадан қосылғаны — { $created }, жаңартылғаны — { $updated }, бағыттау ережелері — { $rules }.
flash-representative-saved = Өкіл сақталды.
flash-representative-deactivated = Өкіл белсенді емес деп белгіленді. Оның ашық мәселелері қайта бағытталды.
flash-rule-added = Бағыттау ережесі қосылды.
flash-rule-deleted = Бағыттау ережесі жойылды.
flash-category-saved = Санат сақталды.
flash-mail-retried = Хат қайта жіберу кезегіне қойылды.
flash-holiday-added = Күн күнтізбеге қосылды.
flash-holiday-deleted = Күн күнтізбеден алынды.
flash-signed-in = Сіз жүйеге кірдіңіз.
flash-signed-out = Сіз жүйеден шықтыңыз.
flash-signed-out-everywhere = Сіз барлық құрылғыда жүйеден шықтыңыз.
flash-action-acknowledge = { $told ->
    [1] Қабылданды. Азаматқа хабарланды.
   *[0] Қабылданды.
}
flash-action-start = { $told ->
    [1] Жұмыс басталды. Азаматқа хабарланды.
   *[0] Жұмыс басталды.
}
flash-action-comment = Пікір қосылды.
flash-action-ask-citizen = { $told ->
    [1] Сұрақ азаматқа жіберілді. Ол жауап бергенше мерзімдер тоқтап тұрады.
   *[0] Сұрақ жазылды. Азаматтың байланыс деректері өшірілген, сондықтан хат жіберілмеді: ол сұрақты өзінің бақылау бетінен көреді.
}
flash-action-resolve = { $told ->
    [1] Шешілді деп белгіленді. Азаматтан мәселе шынымен түзетілгені сұралды.
   *[0] Шешілді деп белгіленді.
}
flash-action-reject = { $told ->
    [1] Бас тартылды. Мәселе өңір үйлестірушілеріне қайтарылды, азаматқа хабарланды.
   *[0] Бас тартылды. Мәселе өңір үйлестірушілеріне қайтарылды.
}
flash-action-request-reassign = Қайта тағайындау сұралды. Өңір үйлестірушілеріне хабарланды.
flash-action-assign = { $told ->
    [1] Тағайындалды. Өкілге және азаматқа хабарланды.
   *[0] Тағайындалды. Өкілге хабарланды.
}
flash-action-mark-duplicate = { $told ->
    [1] Қайталама деп белгіленді. Азаматқа хабарланды.
   *[0] Қайталама деп белгіленді.
}
flash-action-close = { $told ->
    [1] Жабылды. Азаматқа хабарланды.
   *[0] Жабылды.
}

## role
role-admin = әкімші
role-coordinator = үйлестіруші
role-representative = өкіл
role-monitor = бақылаушы

## users
users-heading = Пайдаланушылар және олардың қолжетімділігі
users-intro = Әр пайдаланушының ашық сеанстары мен API токендері. Күшін жойған кезде пайдаланушы барлық құрылғыдан шығарылады, ал оның токендері мен пайдаланылмаған кіру сілтемелері жарамсыз болады; ол жаңа сілтеме арқылы қайта кіре алады.
users-user = Пайдаланушы
users-sessions = Ашық сеанстар
users-tokens = API токендері және Open311 кілттері
users-last-seen = соңғы белсенділік: { $time }
users-created = құрылған уақыты: { $time }
users-last-used = соңғы рет пайдаланылған: { $time }
users-never-used = ешқашан пайдаланылмаған
users-revoke = Сеанстар мен токендердің күшін жою

## account
account-heading = Сіздің тіркелгіңіз
account-sessions-heading = Сеанстар
account-sessions-intro = Телефоныңызды жоғалттыңыз ба, әлде ортақ компьютерден кірдіңіз бе? Барлық құрылғыдан бірден шығыңыз.
account-sign-out-everywhere = Барлық құрылғыдан шығу
account-signed-in-as = Сіз { $email } ретінде кірдіңіз.
account-no-digests = Бақылаушыларға шолу хаттары жіберілмейді; дәл сол көрсеткіштер жария беттер мен көрсеткіштер тақталарында бар.
account-digests-staff = Өңірлеріңіз бойынша шолу хаттары
account-digests-representative = Ашық мәселелеріңіз бен мерзімдері туралы апталық қорытынды
account-choice-daily = Күн сайын (әр таңертең сағат 08:00)
account-choice-weekly = Апта сайын (дүйсенбі таңертең)
account-choice-both = Күн сайын және апта сайын
account-choice-none = Жоқ
account-choice-rep-weekly = Иә, әр дүйсенбі таңертең
account-choice-rep-none = Жоқ
account-save = Сақтау
account-language = Хаттар мен шолулардың тілі

## jobs
jobs-heading = Жоспарлы тапсырмалар
jobs-intro = Уақыт белдеуі: { $timezone }. Әр тапсырма бір мезетте тек бір процесте орындалады; сервис тоқтап тұрғанда өткізіп алынған іске қосу сервис қайта іске қосылғанда бір рет орындалады.
jobs-name = Тапсырма
jobs-schedule = Кесте
jobs-last-run = Соңғы іске қосу
jobs-duration = Ұзақтығы
jobs-outcome = Нәтиже
jobs-next-run = Келесі іске қосу
jobs-off = өшірулі
jobs-running = қазір орындалуда
jobs-outcome-ok = сәтті
jobs-outcome-error = қате
jobs-cli = Тапсырманы қолмен іске қосу: civic-tracker jobs run NAME [--at TIME] [--force].

## mailpage
mailpage-heading = Жеткізілмеген хаттар
mailpage-intro = Сервер біржола қабылдамаған немесе 8 рет жіберілмеген хаттар осында сақталады; әлі қайта жіберіліп жатқан хаттар да тізімде көрсетіледі. Қайта жіберу әрекеттер санын басынан бастайды.
mailpage-recipient = Кімге
mailpage-kind = Түрі
mailpage-state = Күйі
mailpage-attempts = Әрекеттер
mailpage-error = Соңғы қате
mailpage-state-dead = жеткізілмеді
mailpage-state-pending = қайта жіберілуде
mailpage-next = келесі әрекет: { $when }
mailpage-retry = Қайта жіберу
mailpage-none = Барлық хат жеткізілді.

## accesslog
accesslog-heading = Қол жеткізу журналы
accesslog-intro = Қызметкерге азаматтың байланыс деректері көрсетілген әр жағдай, ең жаңасы алдымен. Журналда көрсетілген өрістердің атауы ғана жазылады, мәндері ешқашан жазылмайды.
accesslog-when = Қашан
accesslog-who = Кім
accesslog-problem = Мәселе
accesslog-shown = Көрсетілгені
accesslog-place = Қай жерде
accesslog-command-line = командалық жол
accesslog-none = Әзірге ешкімге азаматтың байланыс деректері көрсетілмеді.

## accesslog.field
accesslog-field-email = электрондық пошта
accesslog-field-name = аты
accesslog-field-phone = телефон
accesslog-field-device-id = құрылғы идентификаторы
accesslog-field-account-id = тіркелгі идентификаторы

## accesslog.at
accesslog-at-problem-page = мәселе беті
accesslog-at-mail-page = жеткізілмеген хаттар беті
accesslog-at-export = дербес деректер экспорты

## holidays
holidays-heading = Мереке күндері
holidays-intro = Жұмыс күнімен есептелетін мерзімдер демалыс күндері мен осы күндерді өткізіп жібереді. Күні тұрақты мерекелер жыл сайын қайталанады; ауыспалы мерекелерді (Құрбан айт) және ресми ауыстыруларды (демалыс күні және оның орнына жұмыс істелетін сенбі не жексенбі) әр жылға қосыңыз.
holidays-date = Күні
holidays-name = Атауы
holidays-kind = Түрі
holidays-kind-day-off = демалыс күні
holidays-kind-working-day = жұмыс күні (ауыстыру)
holidays-every-year = Жыл сайын осы күні
holidays-every-year-prefix = жыл сайын
holidays-delete = Жою
holidays-add = Күн қосу
holidays-save = Қосу

## confirm
confirm-heading = Мәселеңізді растаңыз
confirm-intro = Хабарлаған мәселеңізді растау үшін батырманы басыңыз. Содан кейін ол жарияланып, жауапты өкілге жіберіледі.
confirm-button = Растау және жариялау

## support
support-heading = Менде де осындай мәселе бар
support-confirm-heading = Қолдауыңызды растаңыз
support-confirm-intro = Сізде де осындай мәселе бар екенін растау үшін батырманы басыңыз. Тек содан кейін қолдауыңыз есепке алынады.
support-confirm-button = Қолдауымды растау
support-count = Осындай мәселесі барлар саны: { $count }.
support-none = Әзірге ешкім осындай мәселем бар деп айтқан жоқ.
support-intro = Қолдау білдіріңіз: электрондық пошта арқылы растағаннан кейін ол есепке алынады. Мекенжайыңыз ешқашан көрсетілмейді.
support-email = Электрондық поштаңыз
support-notify = Мәртебесі өзгергенде маған хабарлау
support-consent = Осы мақсат үшін электрондық пошта мекенжайымның өңделуіне келісемін
support-button = Менде де осындай мәселе бар
support-back = Мәселеге оралу
support-sent-title = Электрондық поштаңызды тексеріңіз
support-sent-body = Егер бұл мекенжай мәселені бұрын қолдамаған болса, растау сілтемесі жіберілді. Сілтемені ашқаннан кейін қолдауыңыз есепке алынады.
support-stop-heading = Хабарламаларды тоқтату
support-stop-ask = Осы мәселе туралы хаттарды тоқтатасыз ба? Қолдауыңыз есепте қала береді.
support-stop-button = Хабарламаларды тоқтату
support-stop-done = Енді осы мәселе туралы хабарлама алмайсыз.

## unsubscribe
unsubscribe-heading = Жазылымнан бас тарту
unsubscribe-ask-daily = Күнделікті шолуды жіберуді тоқтатайық па?
unsubscribe-ask-weekly = Апталық шолуды немесе қорытындыны жіберуді тоқтатайық па?
unsubscribe-button = Жазылымнан бас тарту
unsubscribe-done-daily = Енді күнделікті шолуды алмайсыз.
unsubscribe-done-weekly = Енді апталық шолуды немесе қорытындыны алмайсыз.
unsubscribe-settings = Шолу баптаулары

## observers' workspace and stations (issue 20)
observers-filed-by-named = Хабарламаны аккредиттелген байқаушы { $name } берді.
observers-observed-at = Байқау уақыты: { $time }.
observers-workspace-title = Байқаушының жұмыс орны
observers-workspace-intro = Сайлау учаскесінде не көргеніңізді хабарлаңыз. Хабарлама бірден «аккредиттелген байқаушы берді» деген белгімен жарияланады. Атыңыз тек белгілесеңіз ғана көрсетіледі.
observers-workspace-scope-stations = Сіздің учаскелеріңіз: { $stations }
observers-workspace-no-election = Сіз байқайтын өңірлерде қазір сайлау жоқ. Науқан басталғанда форма ашылады.
observers-election = Сайлау
observers-station = Сайлау учаскесі
observers-station-choose = Учаскені таңдаңыз
observers-region = Өңір
observers-region-hint = (учаскені көрсетсеңіз, сол учаскеден алынады)
observers-category = Не болды
observers-observed-at-label = Мұны қашан көрдіңіз (жергілікті уақыт)
observers-observed-at-hint = (әдепкі бойынша қазір; болашақта да, науқан басталғанға дейін де болмауы керек)
observers-show-name = Хабарламада атымды көрсету
observers-file-button = Хабарламаны жіберу
observers-recent = Соңғы хабарламаларыңыз
observers-recent-none = Сіз әлі хабарлама жібермегенсіз.
flash-observer-filed = Хабарламаңыз қабылданып, жарияланды.
error-field-outside-observer-stations = Сіз байқайтын учаскелердің қатарында жоқ
error-field-observed-at-format = күн мен уақыт болуы керек, мысалы 2026-12-20T09:10:00+05:00
error-field-observed-at-future = болашақта болмауы керек
error-field-observed-at-before-campaign = сайлау науқаны басталғанға дейін болмауы керек
error-field-observers-only = тек аккредиттелген байқаушылардың хабарламаларына арналған
error-field-observer-stations-format = САЙЛАУ:НӨМІР жұптары үтір арқылы жазылуы керек ({ $item } емес)
error-field-stations-for-observers = учаскелер тек байқаушыларға бекітіледі
error-field-observer-station-unknown = { $election } сайлауында { $number } учаскесі жоқ
error-forbidden-outside-observer-stations = Сіз бұл хабарламаның учаскесінде емес, басқа учаскелерде байқайсыз
error-label-observed-at = Байқау уақыты
error-label-show-name = Атымды көрсету
error-label-stations = Сайлау учаскелері
users-observer-stations = Учаскелер (САЙЛАУ:НӨМІР үтір арқылы; бос болса: өңірлер бойынша)
users-observer-stations-save = Учаскелерді сақтау
flash-observer-stations-saved = Байқаушының учаскелері сақталды.

## login
login-heading = Кіру
login-intro = Өкілдер, үйлестірушілер және бақылаушылар электрондық поштаға жіберілген сілтеме арқылы кіреді.
login-send = Маған кіру сілтемесін жіберу
login-sent-title = Электрондық поштаңызды тексеріңіз
login-sent-body = Егер бұл мекенжай тіркелгіге тиесілі болса, кіру сілтемесі жіберілді. Ол 30 минут ішінде бір рет қана жұмыс істейді.
login-continue = Кіру
login-link-used = Бұл кіру сілтемесі бұрын пайдаланылған немесе оның мерзімі өткен: сілтеме бір рет және шектеулі уақыт ішінде жұмыс істейді.
login-go-on = Жалғастыру
login-ask-again = Жаңа кіру сілтемесін жіберу

## workspace
workspace-heading = Менің мәселелерім
workspace-intro = Жауапты өкіл: { $name }. Мерзімі ең жақын мәселелер алдымен.
workspace-age = Жасы
workspace-days = { $n } күн
workspace-empty = Ашық мәселе жоқ. Жарайсыз.
workspace-waiting-citizen = азаматтың жауабы күтілуде
workspace-public-page = жария бет
workspace-reassign-requested = Қайта тағайындау сұралды
workspace-contact = Азаматпен байланыс (құпия; Сіздің қарағаныңыз қол жеткізу журналына жазылады)
workspace-contact-erased = Азаматтың байланыс деректері өшірілген: бұл мәселе бойынша оған ешкім хат жібере алмайды.
workspace-act = Осы мәселе бойынша әрекет
workspace-action = Әрекет
workspace-note = Жазба
workspace-note-hint = (жария, қайта тағайындау сұрауларынан басқа; пікір жазу, сұрақ қою, шешу, бас тарту немесе жабу үшін міндетті)
workspace-assign-to = Кімге тағайындау
workspace-duplicate-of = Мынаның қайталамасы (мәселе нөмірі)
workspace-submit = Сақтау

## triage
triage-heading = Сұрыптау кезегі
triage-intro = Ешбір ереже бағыттамаған мәселелер, өкіл бас тартқан мәселелер және қайта тағайындау сұраулары.
triage-empty = Сұрыптауды күтіп тұрған ештеңе жоқ.

## reps
reps-heading = Өкілдер
reps-name = Аты-жөні
reps-position = Лауазымы
reps-rules = Бағыттау ережелері
reps-open = Ашық
reps-inactive = Белсенді емес
reps-deactivate = Белсенділігін тоқтату
reps-add = Өкілді қосу немесе жаңарту
reps-regions = Өңірлер
reps-categories = Санаттар
reps-codes-hint = (кодтар ';' арқылы бөлінеді, кез келгені үшін *)
reps-own-regions-hint = (кодтар ';' арқылы бөлінеді, тек Сіздің өңірлеріңіз)
reps-save = Сақтау
reps-import = CSV файлынан импорттау
reps-import-hint = Тақырып жолы: name,email,position,regions,categories. Өңірлер мен санаттар: ';' арқылы бөлінген кодтар, кез келгені үшін *. Әр жол өкілдің ережелерін толық ауыстырады; бір қате жол бүкіл импортты тоқтатады.
reps-import-button = Импорттау
reps-import-failed = Ештеңе импортталмады

## elections (issue 20)
elections-nav = Сайлау
elections-heading = Сайлау
elections-intro = Азаматтар бұзушылықтар туралы хабарлайтын сайлаулар. Күндер мен сағаттар жергілікті уақытпен; бос күндер дауыс беру күнінен есептеледі.
elections-name = Сайлау
elections-kind = Түрі
elections-regions = Өңірлер
elections-dates = Күндер
elections-edit = Өзгерту
elections-none = Әзірге сайлау жоқ.
elections-add = Сайлау қосу
elections-edit-heading = № { $id } сайлауды өзгерту
elections-save = Сақтау
elections-all-regions = Барлық өңірлер
elections-name-kk = Қазақша атауы
elections-name-ru = Орысша атауы
elections-name-en = Ағылшынша атауы
elections-regions-hint = (өңір кодтары үтір арқылы, мысалы KZ-71,KZ-75; бос болса — барлық өңірлер)
elections-voting-day = Дауыс беру күні
elections-campaign-start = Науқанның басталуы
elections-campaign-start-hint = (бос болса — дауыс беру күнінен 60 күн бұрын)
elections-silence-day = Үнсіздік күні
elections-silence-day-hint = (бос болса — дауыс беру күнінің алдындағы күн)
elections-polls-open = Учаскелер ашылады
elections-polls-open-hint = (жергілікті уақыт; бос болса — 07:00)
elections-polls-close = Учаскелер жабылады
elections-polls-close-hint = (жергілікті уақыт; бос болса — 20:00)
elections-results-date = Қорытынды күні
elections-results-date-hint = (бос болса — дауыс беру күнінен 10 күн кейін)
elections-voting-day-on = дауыс беру күні { $date }
elections-campaign-from = науқан { $date } бастап
elections-silence-on = үнсіздік күні { $date }
elections-polls = учаскелер { $open }–{ $close } ашық
elections-results-on = қорытынды { $date }
elections-kind-presidential = Президент сайлауы
elections-kind-mazhilis = Мәжіліс сайлауы
elections-kind-maslikhat = Мәслихат сайлауы
elections-kind-akim = Әкім сайлауы
elections-kind-referendum = Референдум
elections-phase-before-campaign = науқан әлі басталған жоқ
elections-phase-campaign = науқан жүріп жатыр
elections-phase-silence = үнсіздік күні
elections-phase-polls-open = дауыс беру күні: учаскелер ашық
elections-phase-polls-closed = дауыс беру күні: учаскелер жабық
elections-phase-counting = қорытынды күтілуде
elections-phase-after-results = қорытынды жарияланды
elections-form-notice = Сайлау жүріп жатыр. Тізімде сайлау санаттары бірінші тұр: бұзушылық туралы хабарлау үшін солардың бірін таңдаңыз.
elections-form-election = Сайлау
elections-form-election-hint = (тек сайлаудағы бұзушылықтар үшін)
elections-form-by-region = Сіздің өңіріңіздегі сайлау
elections-form-station = Сайлау учаскесінің нөмірі
elections-form-station-hint = (сайлау учаскесіндегі мәселелер үшін міндетті)
elections-home-heading = Қазіргі сайлау
elections-home-report = Бұзушылық туралы хабарлау
elections-home-stations = Сайлау учаскелері
elections-problem-election = Сайлау: { $name }
elections-station-number = № { $number } сайлау учаскесі
stations-heading = Сайлау учаскелері: { $name }
stations-search = Учаске нөмірі немесе мекенжайындағы сөздер
stations-find = Іздеу
stations-number = Нөмірі
stations-address = Мекенжайы
stations-district = Ауданы
stations-location = Координаттары
stations-first = Алғашқы { $count } учаске көрсетілген; іздеуді тарылту үшін мекенжайды толығырақ жазыңыз.
stations-none = Сайлау учаскесі табылмады.
stations-problems = Осы учаске туралы хабарламалар
stations-no-problems = Осы учаске туралы әзірге хабарлама жоқ.
stations-report = Осы учаскедегі мәселе туралы хабарлау
flash-election-saved = Сайлау сақталды.
error-field-time = уақыт болуы керек, мысалы 07:00
error-field-silence-before-voting = дауыс беру күнінен ({ $date }) бұрын болуы керек
error-field-campaign-before-silence = үнсіздік күнінен ({ $date }) кеш болмауы керек
error-field-results-after-voting = дауыс беру күнінен ({ $date }) ерте болмауы керек
error-field-polls-close-after-open = учаскелер ашылғаннан ({ $time }) кейін болуы керек
error-field-election-category-only = сайлауға тек сайлау санаттары жатады
error-field-unknown-election = { $id } сайлауы жоқ
error-field-election-not-in-region = { $id } сайлауы { $region } өңірінде өтпейді
error-field-election-for-station = міндетті: учаскелер сайлау ішінде нөмірленеді, ал бұл өңірде қазір сайлау жоқ
error-field-station-required = сайлау учаскесіндегі мәселелер үшін міндетті
error-field-unknown-station = бұл сайлауда { $number } учаскесі жоқ
error-field-station-other-region = { $number } учаскесі { $region } өңірінде орналасқан
error-label-election = Сайлау
error-label-polling-station = Сайлау учаскесі
error-label-name-kk = Қазақша атауы
error-label-name-ru = Орысша атауы
error-label-name-en = Ағылшынша атауы
error-label-kind = Түрі
error-label-regions = Өңірлер
error-label-voting-day = Дауыс беру күні
error-label-campaign-start = Науқанның басталуы
error-label-silence-day = Үнсіздік күні
error-label-results-date = Қорытынды күні
error-label-polls-open = Учаскелердің ашылуы
error-label-polls-close = Учаскелердің жабылуы
action-verify = Тексеру (үйлестіруші немесе байқаушы)
event-verified = Хабарлама тексеріліп, расталды.
event-unverified = Хабарлама тексерілді, бірақ оны растау мүмкін болмады.
flash-verified = Тексеру нәтижесі мәселенің тарихына жазылды.
elections-verified-yes = Расталды: үйлестіруші немесе аккредиттелген байқаушы сайлау туралы бұл хабарламаны тексерді.
elections-verified-no = Расталмады: үйлестіруші немесе аккредиттелген байқаушы сайлау туралы бұл хабарламаны тексеріп, оны растай алмады.
elections-verify-heading = Сайлау туралы бұл хабарламаны тексеру
elections-verify-intro = Сіздің қорытындыңыз бен жазбаңыз жария, олар тарихта көрсетіледі. Мәртебе өзгермейді.
elections-verify-finding = Қорытынды
elections-verify-true = Расталды
elections-verify-false = Расталмады
elections-verify-note = Жазба (не және қалай тексерілді)
elections-verify-button = Қорытындыны жазу
error-conflict-not-election-report = тек сайлау туралы хабарламалар тексеріледі
error-label-verified = Қорытынды

## election figures, feed and Open311 (issue 20: сайлау көрсеткіштері, лента және Open311)
error-field-election-id = Сайлаудың нөмірін көрсетіңіз
feed-election-title = { $org }: «{ $election }» сайлауы туралы хабарламалар
feed-verified = Тексерілді
feed-unverified = Расталмады
feed-unchecked = Әлі тексерілмеді
elections-live-feed = Осы сайлау туралы хабарламалар лентасы
open311-polling-station = Хабарлама қатысты сайлау учаскесінің нөмірі
open311-polling-station-hint = Осы сайлаудағы учаске нөмірі (тек сандар), мысалы 101

## photos (issue 19: фотосуреттер дәлел ретінде)
photos-heading = Фотосуреттер
photos-before = Дейін: өтініш берушінің фотосуреттері
photos-after = Кейін: өкілдің фотосуреттері
photos-citizen-alt = Өтініш беруші жіберген мәселенің { $n }-фотосуреті
photos-representative-alt = Өкіл жіберген жұмыстан кейінгі { $n }-фотосурет
photos-hidden = Бұл фотосурет жасырылды: { $reason }
photos-hide-reason = Себебі (оны бәрі көреді)
photos-hide-button = Фотосуретті жасыру
photos-form-label = Фотосуреттер
photos-form-hint = (міндетті емес: әрқайсысы { $megabytes } МБ-тан аспайтын 5 фотосуретке дейін; түсірілген жері мен уақыты сақтамас бұрын өшіріледі)
photos-workspace-label = «Кейінгі» фотосуреттер (міндетті емес; бір мәселеге барлығы 5-ке дейін)
error-field-photo-not-image = JPEG, PNG немесе WebP суреті болуы керек
error-field-photo-too-large = әр сурет { $megabytes } МБ-тан аспауы керек
error-field-photo-too-many-pixels = сурет { $megapixels } мегапиксельден аспауы керек
error-field-photos-too-many = бір мәселеге әр түрден { $max } фотосуреттен артық болмайды
error-forbidden-hide-photo = Фотосуреттерді тек әкімшілер немесе мәселе өңірінің үйлестірушілері жасыра алады
error-forbidden-photos-assignee-only = Мәселеге фотосуретті тек оған тағайындалған өкіл қоса алады
error-multipart-required = сұраныс денесі multipart/form-data болуы керек
error-label-photos = Фотосуреттер
error-label-reason = Себебі

## elections live (issue 20)
elections-live-link = Сайлау барысы
elections-live-counted = Көрсеткіштер { $time } жағдайы бойынша; олар әр минут сайын қайта есептеледі.
elections-live-totals = Хабарламалар
elections-live-all = Барлық хабарламалар
elections-live-verified = Расталған бұзушылықтар
elections-live-unverified = Расталмағандар
elections-live-unchecked = Әлі тексерілмегендер
elections-live-ack-median = Қабылдауға дейінгі медиана, минут
elections-live-hours = Дауыс беру күнгі сағат сайынғы хабарламалар
elections-live-tip-all = { $hour }: { $count } хабарлама
elections-live-tip-verified = { $hour }: { $count } расталған
elections-live-regions = Өңірлер бойынша
elections-live-categories = Санаттар бойынша
elections-live-stations = Хабарламасы ең көп учаскелер
elections-live-latest = Соңғы расталған хабарламалар
elections-live-none = Әзірге хабарлама жоқ.

## voting day (issue 20): deadlines in minutes while an election's polls are open
event-escalated-acknowledge-minutes =
    { $minutes ->
       *[other] Өңір үйлестірушілеріне берілді: қабылдау мерзімінен { $minutes } минут өтті.
    }
event-escalated-resolve-minutes =
    { $minutes ->
       *[other] Өңір үйлестірушілеріне берілді: шешу мерзімінен { $minutes } минут өтті.
    }
mail-sla-escalation-line-minutes = Өкіл: { $rep }; { $deadline } мерзімі: { $due }, { $minutes } минут бұрын өтті.
categories-voting-day = Дауыс беру күні, минутпен
categories-voting-day-hint = Сайлау учаскелері ашық тұрғанда хабарламалар осы минуттар ішінде қабылданып, шешілуі керек. Бос болса, сол күні де әдеттегі мерзім.
categories-voting-day-acknowledge = Қабылдау мерзімі (минут)
categories-voting-day-resolve = Шешу мерзімі (минут)
error-field-voting-day-minutes = Бос қалдырыңыз немесе 1-ден { $max }-ге дейінгі бүтін минут санын көрсетіңіз.

## rules
rules-heading = Бағыттау ережелері
rules-intro = Ең нақты сәйкес ереже қолданылады: алдымен сайлау учаскесінің ауданы мен санат, содан кейін аудан, содан кейін өңір мен санат, содан кейін өңір, содан кейін санат, соңында кез келгені. Аудан ережесі сол ауданның учаскелерінен түскен сайлау хабарламаларына қолданылады. Тең ережелер арасында мәселе ашық мәселесі ең аз өкілге беріледі.
rules-empty = Әзірге ереже жоқ: барлық мәселе сұрыптау кезегіне түседі.
rules-add = Ереже қосу
rules-delete = Жою
rules-any-region = Кез келген өңір
rules-any-category = Кез келген санат
rules-district = Аудан (сайлау учаскелерінің)
rules-district-hint = Міндетті емес: аудан учаскелер тізімінде қалай жазылса, солай (әріп регистрі маңызды емес). Өңір қажет.
rules-any-district = кез келген аудан
error-field-district-needs-region = аудан ережесіне оның өңірі қажет

## observers (issue 20)
role-observer = аккредиттелген байқаушы
observers-filed-by = Хабарламаны аккредиттелген байқаушы берді.
error-field-observer-election-only = байқаушылар тек сайлау туралы хабарлайды: сайлау санатын таңдаңыз
error-field-outside-observer-scope = Сіз байқайтын өңірлерден тыс
error-field-observer-election-required = міндетті: бұл өңірде қазір сайлау жоқ
error-forbidden-observers-page = Бұл бет аккредиттелген байқаушыларға арналған

## election report (issue 20)
elections-report-link = Сайлау туралы есеп
elections-report-title = Сайлау туралы есеп: { $name }
elections-report-not-yet = Есеп қорытындылар жарияланатын күннен кейін, { $date } соң жарияланады. Оған дейін ағымдағы сандарды күннің тірі көрінісі көрсетеді.
elections-report-as-of = { $time } кездегі сандар, ашық журналдың № { $seq } жазбасы:
elections-report-frozen = Бұл сандар қорытындылар күнінен кейін бір рет есептелді және өзгермейді: бетке сілтеме жасауға болады.
elections-report-data = Кестелер деректер түрінде:
elections-report-stations = Сайлау учаскелері бойынша
elections-report-reps = Өкілдердің жауабы
elections-report-resolved = Шешілді
elections-report-closed-other = Шешілмей жабылды
elections-report-open = Әлі ашық
elections-report-fix-median = Шешуге дейінгі сағаттардың медианасы
elections-report-previous = Екінші жол — { $name }, осы түрдегі алдыңғы сайлау (дауыс беру күні { $date }).
elections-report-no-previous = Салыстыруға осы түрдегі бұрынғы сайлау жоқ.
elections-report-more-stations = Мұнда хабарламасы ең көп учаскелер ғана көрсетілген; CSV ішінде барлық учаске бар.
elections-report-rep = Өкіл
elections-report-assigned = Алынған хабарламалар
elections-report-acknowledged = Жұмысқа алынды
mail-election-report-subject = Сайлау туралы есеп: { $election }
mail-election-report-intro = «{ $election }» сайлауы туралы есеп жарияланды (дауыс беру күні { $date }).
mail-election-report-totals = Хабарламалар: { $reports }. Расталған бұзушылықтар: { $verified }. Расталмағаны: { $unverified }. Әлі тексерілмегені: { $unchecked }.
mail-election-report-handled = Шешілді: { $resolved }. Шешілмей жабылды: { $closed }. Әлі ашық: { $open }.
mail-election-report-button = Есепті ашу
jobs-figure-reports-mailed = { $count } сайлау есебі жіберілді

## error
error-400 = Қате сұрау
error-401 = Жүйеге кіріңіз
error-403 = Рұқсат жоқ
error-404 = Табылмады
error-409 = Қайшылық
error-422 = Енгізген деректеріңізді тексеріңіз
error-500 = Бірдеңе дұрыс болмады
error-503 = Қызмет уақытша қолжетімсіз
error-home = Басты бетке оралу
# Error and validation messages: the API's `message` (by Accept-Language), form fields, error pages.
error-invalid-input = Деректер қате толтырылған
error-unauthorized = Жарамды қолжетімділік токені (Bearer) қажет
error-not-found = Табылмады
error-method-not-allowed = Бұл мекенжай сұраудың мұндай әдісін қабылдамайды
error-too-large = Сұрау тым үлкен
error-internal = Ішкі қате
error-internal-id = Ішкі қате (қате нөмірі { $id })
error-page-internal = Біз жақта бірдеңе дұрыс болмады (қате нөмірі { $id }).
error-unavailable = Қызмет уақытша қолжетімсіз; { $wait } өткен соң қайталап көріңіз
error-counting = Көрсеткіштер есептелуде; { $wait } өткен соң қайталап көріңіз
error-page-field = { $field }: { $message }
error-field-sentence = { $field }: { $message }
error-none = жоқ
error-open311-internal = Сұрауды өңдеу мүмкін болмады; қайталап көріңіз
error-json-object = Сұраудың денесі JSON нысаны болуы керек
error-json-invalid = Сұраудың денесі JSON емес: { $detail }
error-illegal-transition = «{ $action }» қадамы мүмкін емес: мәселе «{ $status }» күйінде. Мүмкін қадамдар: { $allowed }
error-note-required = «{ $action }» қадамы үшін түсініктеме қажет
error-too-many-problems = Сіздің желіңізден тым көп мәселе жіберілді; ештеңе сақталмады және жіберілмеді. { $wait } өткен соң қайталаңыз
error-too-many-supports = Сіздің желіңізден қолдауға тым көп сұрау жіберілді; ештеңе сақталмады және жіберілмеді. { $wait } өткен соң қайталаңыз
error-too-many-sign-ins = Кіруге тым көп сұрау; ештеңе сақталмады және жіберілмеді. { $wait } өткен соң қайталаңыз
error-too-many-api-token = Осы API токенімен тым көп сұрау; ештеңе сақталмады және жіберілмеді. { $wait } өткен соң қайталаңыз
error-too-many-api-key = Осы api_key арқылы тым көп сұрау; ештеңе сақталмады және жіберілмеді. { $wait } өткен соң қайталаңыз
error-too-many-mails = Бұл мекенжайға тым көп хат; ештеңе сақталмады және жіберілмеді. { $wait } өткен соң қайталаңыз
error-conflict-changed-meanwhile = Осы уақытта мәселені басқа біреу өзгертті; бетті жаңартып, қайталаңыз
error-conflict-no-question = Өкіл сұрақ қойған жоқ
error-conflict-support-race = Осы мекенжайдан қолдауға екі сұрау бір мезгілде келді; қайталап көріңіз
error-conflict-user-race = Осы мекенжаймен пайдаланушы жаңа ғана қосылды; қайталап көріңіз
error-conflict-already-redacted = Бұл мәтін бұрын жасырылған
error-forbidden-citizen-only = Мұны тек мәселені жіберген азамат жасай алады
error-forbidden-service-only = Мұны тек жүйенің өзі жасайды
error-forbidden-assigned-to-another = Бұл мәселе басқа өкілге тағайындалған
error-forbidden-assignee-only = Мұны тек тағайындалған өкіл жасай алады
error-forbidden-erase-only = Мұны тек азамат немесе сақтау мерзімі біткенде жүйе жасай алады
error-forbidden-outside-regions = Бұл мәселе сіздің өңірлеріңізден тыс
error-forbidden-coordinator-only = Мұны тек мәселе өңірінің үйлестірушісі немесе әкімші жасай алады
error-forbidden-original-outside-regions = Бастапқы мәселе (duplicate_of) сіздің өңірлеріңізден тыс
error-forbidden-routing-outside-regions = Бұл сіздің өңірлеріңізден тыс бағыттауға қатысты; ұлттық үйлестірушіге немесе әкімшіге жүгініңіз
error-forbidden-form-expired = Форманың мерзімі өтті немесе ол осы сайттан жіберілмеді; бетті жаңартып, қайталаңыз
error-forbidden-login-link-expired = Кіру сілтемесінің мерзімі өтті немесе ол қолданылып қойған; /login бетінен жаңасын сұраңыз
error-forbidden-account-inactive = Бұл есептік жазба белсенді емес
error-forbidden-staff-page = Бұл бет үйлестірушілерге, бақылаушыларға және әкімшілерге арналған
error-forbidden-managers-only = Мұны тек үйлестірушілер мен әкімшілер өзгерте алады
error-forbidden-redact = Ашық журналдың мәтінін тек әкімшілер немесе мәселе өңірінің үйлестірушілері жасыра алады
error-forbidden-representatives-page = Бұл бет өкілдерге арналған
error-forbidden-admins-page = Бұл бет әкімшілерге арналған
error-forbidden-sign-in-first = Алдымен жүйеге кіріңіз
error-field-required = Міндетті өріс
error-field-invalid-email = Жарамды электрондық пошта мекенжайын көрсетіңіз
error-field-control-characters = Басқару таңбалары болмауы керек
error-field-too-short = Кемінде { $min } таңба болуы керек (қазір { $got })
error-field-too-long = { $max } таңбадан аспауы керек (қазір { $got })
error-field-required-with-latitude = Ендік көрсетілсе, міндетті
error-field-required-with-longitude = Бойлық көрсетілсе, міндетті
error-field-latitude-range = 40,5 және 55,5 аралығында болуы керек (Қазақстан аумағында)
error-field-longitude-range = 46,4 және 87,4 аралығында болуы керек (Қазақстан аумағында)
error-redaction-not-redactable = { $entry } жазбасының жасыруға болатын мәтінін атауы керек ({ $fields }), { $field } емес
error-field-redaction-entry = Жазба нөмірі болуы керек
error-field-unknown-category = Белгісіз санат коды { $code }; GET /api/v1/categories қараңыз
error-field-unknown-region = Белгісіз өңір коды { $code }; ISO 3166-2 кодын көрсетіңіз, мысалы KZ-71
error-field-consent-required = Байланыс деректеріңізді өңдеуге келісім қажет
error-field-consent-email-required = Электрондық пошта мекенжайыңызды өңдеуге келісім қажет
error-field-idempotency-key-reused = Сұраудың басқа денесімен қолданылып қойған
error-field-idempotency-key = 1–200 көрінетін ASCII таңбасынан тұруы керек
error-field-date-example = Күнді 2026-05-27 түрінде көрсетіңіз
error-field-date-range = Күнді ЖЖЖЖ-АА-КК түрінде, 2000 және 2100 жылдар аралығында көрсетіңіз
error-field-day-kind = day_off немесе working_day болуы керек
error-field-moved-day-one-year = Демалыс күнге ауыстырылған жұмыс күні бір жылға ғана қатысты
error-field-one-of = Рұқсат етілген мәндер: { $choices }
error-field-required-to-assign = Тағайындау үшін міндетті
error-field-not-active-representative = { $id } белсенді өкіл емес
error-field-required-for-duplicate = Телнұсқа деп белгілеу үшін міндетті
error-field-duplicate-of-itself = Мәселе өзінің телнұсқасы бола алмайды
error-field-no-such-problem = { $id } нөмірлі мәселе жоқ
error-field-duplicate-chain = Телнұсқалар тізбегі тым ұзын
error-field-other-role = «{ $role }» рөліндегі пайдаланушыға тиесілі
error-field-group-by = Рұқсат етілген мәндер: region, category немесе representative
error-field-unknown-field = Белгісіз өріс { $name }; рұқсат етілгендері: { $allowed }
error-field-not-string = Жол болуы керек
error-field-not-number = Сан болуы керек
error-field-not-integer = Бүтін сан болуы керек
error-field-positive-integer = Оң бүтін сан болуы керек
error-field-non-negative-integer = 0-ден кем емес бүтін сан болуы керек
error-field-boolean = true немесе false болуы керек
error-field-search-words = { $max } сөзден аспауы керек (қазір { $got })
error-field-search-no-words = кемінде екі әріптен тұратын сөз болуы керек
error-field-required-for-custom-period = Өз кезеңіңіз үшін міндетті
error-field-period = Рұқсат етілген мәндер: 7, 30, 90, 365 немесе custom (from және to бірге)
error-field-to-before-from = Кезеңнің басынан ерте болмауы керек
error-field-period-too-long = Кезең { $max } күннен аспауы керек
error-field-required-with-to = to көрсетілсе, міндетті
error-field-required-with-from = from көрсетілсе, міндетті
error-field-unknown-value = Белгісіз мән { $value }
error-field-unknown-code = Белгісіз код { $code }
error-field-integer-up-to = 1 мен { $max } аралығындағы бүтін сан болуы керек
error-field-sort = Рұқсат етілген мәндер: newest немесе support
error-field-cursor = Сол тізімнің (сол сұрыптаумен) next сілтемесіндегі курсорды көрсетіңіз
error-field-representative-id = Өкілдің нөмірін көрсетіңіз
error-field-digests = Таңдаңыз: күн сайын, апта сайын, екеуі де немесе ешқайсысы
error-field-language = kk, ru немесе en таңдаңыз
error-field-page-number = 1-ден бастап бет нөмірін көрсетіңіз
error-field-problem-or-person = Мәселенің немесе адамның нөмірін көрсетіңіз
error-field-whole-number-1000 = 1-ден 1000-ға дейінгі бүтін сан болуы керек
error-field-unit = Рұқсат етілген мәндер: hours, calendar_days немесе working_days
error-field-number = Санды көрсетіңіз, мысалы 51,1694
error-field-write-answer = Жауабыңызды жазыңыз
error-field-not-region = Мұндай өңір коды жоқ
error-field-not-category = Мұндай санат коды жоқ
error-field-choose-representative = Белсенді өкілді таңдаңыз
# A field's name in messages of other languages (English messages name the field by its API code).
error-label-title = Тақырып
error-label-description = Сипаттама
error-label-category = Санат
error-label-region = Өңір
error-label-address = Мекенжай
error-label-latitude = Ендік
error-label-longitude = Бойлық
error-label-email = Электрондық пошта
error-label-display-name = Аты
error-label-consent = Келісім
error-label-note = Түсініктеме
error-label-action = Қадам
error-label-name = Аты
error-label-date = Күні
error-label-period = Кезең
error-label-from = Кезеңнің басы
error-label-to = Кезеңнің соңы

## mail
mail-footer = Бұл хатты { $org } ұйымына жіберілген мәселеге байланысты алып отырсыз.
mail-greeting = Сәлеметсіз бе, { $name }!

## mail.sla
mail-sla-more = ...және тағы { $more }.

## mail.sla.acknowledge
mail-sla-acknowledge-soon = Қабылдау мерзімі: { $due }. Мәселені уақтылы қабылдаңыз.
mail-sla-acknowledge-passed = Қабылдау мерзімі ({ $due }) өтіп кетті: мәселені қазір қабылдаңыз.

## mail.sla.resolve
mail-sla-resolve-soon = Шешу мерзімі: { $due }. Мәселені уақтылы шешіңіз.
mail-sla-resolve-passed = Шешу мерзімі ({ $due }) өтіп кетті: мәселені шешіңіз немесе неге шешілмейтінін түсіндіріңіз.

## mail.sla.deadline
mail-sla-deadline-acknowledge = қабылдау
mail-sla-deadline-resolve = шешу

## mail.sla_reminder
mail-sla-reminder-subject-soon = { $count } мәселенің мерзімі жақындап қалды
mail-sla-reminder-subject-passed = { $count } мәселенің мерзімі өтіп кетті
mail-sla-reminder-intro = Мына мәселелерге назар аударыңыз:
mail-sla-reminder-workspace = Жұмыс кабинетіңіз:
mail-sla-reminder-button = Жұмыс кабинетімді ашу

## mail.sla_escalation
mail-sla-escalation-subject = Жоғарыға берілді: өңірлеріңізде { $count } мәселенің мерзімі әлдеқашан өтті
mail-sla-escalation-intro = Бұл мәселелердің мерзімі әлдеқашан өтіп кетті. Өкілмен байланысыңыз немесе мәселелерді басқа өкілге қайта тағайындаңыз.
mail-sla-escalation-line = Өкіл: { $rep }; { $deadline } мерзімі: { $due }, { $days } күн бұрын өтті.
mail-sla-escalation-triage = Сұрыптау кезегі:
mail-sla-escalation-button = Сұрыптау кезегін ашу

## mail.digest
mail-digest-subject-daily = Күнделікті шолу, { $period }: мерзімі өткені — { $overdue }
mail-digest-all-regions = барлық өңірлер
mail-digest-subject-weekly = Апталық шолу, { $period }: мерзімі өткені — { $overdue }
mail-digest-heading-daily = { $scope }: { $period }
mail-digest-heading-weekly = { $scope }: апта, { $period }
mail-digest-quiet-daily = Тыныш күн: { $scope } бойынша бірде-бір мәселе түспеді, мәртебелер де өзгермеді.
mail-digest-quiet-weekly = Тыныш апта: { $scope } бойынша бірде-бір мәселе түспеді, мәртебелер де өзгермеді.
mail-digest-now = Қазір: ашық — { $open }, мерзімі өткен — { $overdue }, жоғарыға берілген — { $escalated }.
mail-digest-times-ack = Қабылдауға кеткен күн: медиана { $median }, 90-процентиль { $p90 } (қабылданғаны: { $count }).
mail-digest-times-resolve = Шешуге кеткен күн: медиана { $median }, 90-процентиль { $p90 } (шешілгені: { $count }).
mail-digest-confirmed = Азаматтар бағалаған шешімдердің ішінде растағаны: { $share }.
mail-digest-reps-heading = Өкілдер, мерзімі ең көп өткені алдымен
mail-digest-rep-line = ашық — { $open }, мерзімі өткен — { $overdue }, шешілген — { $resolved }
mail-digest-rep-median = {" "}(медиана: { $median } күн)
mail-digest-rep-confirmed = , азаматтар растағаны — { $confirmed }
mail-digest-no-reps = Бұл жерде ашық немесе шешілген мәселесі бар өкіл жоқ.
mail-digest-oldest-heading = Мерзімі ең ұзақ өткендер
mail-digest-oldest-line = мерзімі { $days } күн өткен · { $rep } · { $region }
mail-digest-escalated = (жоғарыға берілді)
mail-digest-no-overdue = Мерзімі өткен ештеңе жоқ.
mail-digest-supported-heading = Ең көп қолдау тапқан ашық мәселелер
mail-digest-no-supported = Әзірге бірде-бір ашық мәселеге қолдау білдірілмеген.
mail-digest-supporters = қолдаушылар: { $count }
mail-digest-ledger = Осы шолу жазылған кездегі ашық тізілімнің күйі: { $head }. Оны сақтаңыз: ол арқылы кез келген адам кейін ашық тарихты ешкім қайта жазбағанын тексере алады.
mail-digest-preferences = Күн сайын, апта сайын, екеуі де немесе ешқайсысы — таңдаңыз:
mail-digest-unsubscribe = Бұл шолудан бір басумен бас тарту:
mail-digest-preferences-link = Шолу баптаулары
mail-digest-unsubscribe-link = Жазылымнан бас тарту

## mail.digest.flow
mail-digest-flow-received = Түскені
mail-digest-flow-routed = Өкілге бағытталғаны
mail-digest-flow-acknowledged = Қабылданғаны
mail-digest-flow-resolved = Шешілгені
mail-digest-flow-fixed = Азаматтар түзетілгенін растағаны
mail-digest-flow-reopened = Қайта ашылғаны (түзетілмеген)
mail-digest-flow-rejected = Өкілдер бас тартқаны

## mail.digest.trend
mail-digest-trend-up = ▲ { $change } (бұрын: { $before })
mail-digest-trend-down = ▼ { $change } (бұрын: { $before })
mail-digest-trend-same = бұрынғыдай

## mail.digest.col
mail-digest-col-name = Өкіл
mail-digest-col-open = Ашық
mail-digest-col-overdue = Мерзімі өткен
mail-digest-col-resolved = Шешілген
mail-digest-col-median = Медиана (күн)
mail-digest-col-confirmed = Расталған

## mail.rep_summary
mail-rep-summary-subject = Сіздің аптаңыз: { $count } ашық мәселе, мерзімі өткені — { $overdue }
mail-rep-summary-intro = Сізде { $count } ашық мәселе бар; мерзімі өткені — { $overdue }. Мерзімі ең жақыны алдымен:
mail-rep-summary-due-acknowledge = Қабылдау мерзімі: { $due }.
mail-rep-summary-due-resolve = Шешу мерзімі: { $due }.
mail-rep-summary-waiting = Азамат Сіздің сұрағыңызға жауап беруі күтілуде (мерзімдер тоқтатылған).
mail-rep-summary-overdue = МЕРЗІМІ ӨТКЕН.

## mail.support_confirm
mail-support-confirm-subject = Қолдауыңызды растаңыз: { $reference }
mail-support-confirm-intro = Сіз өзіңізде де осындай мәселе бар екенін айттыңыз. Растау үшін осы сілтемені ашыңыз; тек содан кейін қолдауыңыз есепке алынады:
mail-support-confirm-button = Қолдауымды растау
mail-support-confirm-notify = Мәселенің мәртебесі өзгергенде Сізге хабарланады.
mail-support-confirm-no-notify = Бұл мәселе туралы хабарлама алмайсыз.
mail-support-confirm-ignore = Егер мұны Сіз сұрамаған болсаңыз, бұл хатқа мән бермеңіз: ештеңе есепке алынбайды.

## mail.support_own
mail-support-own-subject = { $reference }: Сіз бұрыннан есепке алынғансыз
mail-support-own-body = Біреу осы мекенжайды осы мәселенің қолдаушысы ретінде қосуды сұрады. Мәселе осы мекенжайдан жіберілген, сондықтан Сіз бұрыннан есепке алынғансыз: басқа ештеңе қажет емес. Мәселені Сіз жібергеніңіз ешкімге хабарланбады.
mail-support-own-ignore = Егер мұны Сіз сұрамаған болсаңыз, бұл хатқа мән бермеңіз.

## mail.supporter_update
mail-supporter-update-intro = Сіз қолдайтын мәселе бойынша жаңалық:
mail-supporter-update-follow = Мәселені бақылау:
mail-supporter-update-button = Мәселені ашу
mail-supporter-update-stop = Бұл хабарламаларды тоқтату (қолдауыңыз есепте қала береді):
mail-supporter-update-stop-link = Бұл хабарламаларды тоқтату

## mail.fix_check
## Поштамен жауап беру (services::inbound)
mail-reply-above = — Жауабыңызды осы жолдан жоғары жазыңыз —
mail-reply-how-for-representative = Осы хатқа жауап беруге болады: жауабыңыз 15 минуттан кейін мәселеге жария түсініктеме болады, осы уақыт ішінде оны кері қайтаруға болады. Әрекет жасау үшін оны «шешілді:», «қабылданды:», «жұмыста:», «қабылданбады:» немесе «сұрақ:» сөзімен бастаңыз (орысша: «решено:», «принято:», «в работе:», «отклонено:», «вопрос:»), қалған мәтін оның түсіндірмесі болады. Түсініктемеге немесе «шешілді:» жауабына тіркелген фотосуреттер «кейін» суреттері ретінде қосылады (5-ке дейін).
mail-reply-how-for-citizen = Сұраққа осы хатқа жауап беру арқылы жауап бере аласыз.
mail-reply-how-fix-check = Сондай-ақ осы хатқа басында «иә» немесе «жоқ» (орысша «да» немесе «нет») деп жауап беруге болады. Жауапқа тіркелген фотосуреттер мәселеге қосылады.
mail-reply-how-for-coordinator = Осы хатқа жауап мәселеге ішкі жазба ретінде сақталады, оны тек үйлестірушілер мен бақылаушылар көреді.
mail-reply-received-subject = { $reference }: жауабыңыз алынды
mail-reply-received-intro = Жауабыңыз алынды. Ол { $at } кезінде { $what }; біз сақтаған мәтін:
mail-reply-received-undo = Ойыңыз өзгерді ме? Оған дейін кері қайтарыңыз:
mail-reply-received-undo-button = Жауабымды кері қайтару
mail-reply-received-photos = Онымен бірге { $count } фотосурет қосылады.
mail-reply-received-left-out = { $count } тіркеме қабылданбады: біз JPEG, PNG және WebP фотосуреттерін қабылдаймыз, әр тараптан бір мәселеге { $max } фотосуреттен аспайды.
mail-reply-received-comment = түсініктеме ретінде жарияланады
mail-reply-received-acknowledge = «қабылданды» деп есептеледі
mail-reply-received-start = «жұмыс басталды» деп есептеледі
mail-reply-received-resolve = «шешілді» деп есептеледі
mail-reply-received-reject = «қабылданбады» деп есептеледі
mail-reply-received-ask-citizen = азаматқа сұрақ ретінде жіберіледі
mail-reply-received-answer = депутатқа сіздің жауабыңыз ретінде беріледі
mail-reply-received-fixed = «иә, түзетілді» деп жазылады
mail-reply-received-not-fixed = «жоқ, түзетілмеді» деп жазылады
mail-reply-received-note = ішкі жазба ретінде сақталады
mail-reply-refused-subject = Жауабыңыз қабылданбады
mail-reply-refused-intro = Поштамен жіберген жауабыңызды қабылдай алмадық
mail-reply-refused-unknown-token = Ол біздің жауап мекенжайымызға жіберілмеген. Хатымыздағы сілтемелерді пайдаланыңыз.
mail-reply-refused-expired = Сіз жауап берген хат поштамен жауап беру үшін тым ескі. Жаңарақ хаттағы сілтемелерді пайдаланыңыз.
mail-reply-refused-wrong-sender = Ол біздің хатымыз жіберілген мекенжайдан емес, басқа мекенжайдан келді. Сол мекенжайдан жауап беріңіз.
mail-reply-refused-not-theirs = Бұл мәселе енді сізге тиесілі емес (басқаға берілді немесе жабылды).
mail-reply-refused-empty = Онда дәйексөзден жоғары мәтін таппадық.
mail-reply-refused-nothing-to-answer = Қазір бұл мәселе бойынша сіздің жауабыңызды ештеңе күтпейді.
mail-reply-refused-failed = Жауабыңыз орындалатын кезде мәселе өзгерген еді, әрекет енді мүмкін емес. Мәселе бетін қараңыз.
replies-undo-title = Жауапты кері қайтару
replies-undo-intro = Қазір кері қайтармасаңыз, жауабыңыз { $at } кезінде орындалады:
replies-undo-button = Жауабымды кері қайтару
replies-undone = Жауабыңыз кері қайтарылды: одан ештеңе жарияланбады.
replies-too-late = Бұл жауапты енді болдырмау мүмкін емес: ол орындалып қойған немесе бұрын кері қайтарылған.

mail-fix-check-subject = { $reference }: мәселе түзетілді ме?
mail-fix-check-intro = Бірнеше күн бұрын өкіл бұл мәселені шешілді деп хабарлады. Ол шынымен түзетілді ме?
mail-fix-check-yes = Иә, түзетілді
mail-fix-check-no = Жоқ, түзетілмеді
mail-fix-check-close = Егер { $days } күн ішінде Сізден жауап болмаса, мәселе «жауап жоқ» деп жабылады.

## mail.confirm_problem
mail-confirm-problem-subject = Мәселеңізді растаңыз: { $reference }
mail-confirm-problem-intro = Бұл мекенжай бізге мәселе туралы хабарлаған кезде, бәлкім, Сіз тарапыныздан көрсетілді. Мәселе Сіз растағаннан кейін ғана жарияланады.
mail-confirm-problem-quoted = Тақырыбы, жазылған күйінде:
mail-confirm-problem-action = Растау үшін осы сілтемені ашыңыз; тек содан кейін мәселе жарияланып, өкілге жіберіледі:
mail-confirm-problem-not-you = Егер Сіз хабарламаған болсаңыз, бұл хатқа мән бермеңіз: ештеңе жарияланбайды, мекенжайыңыз мәселемен бірге жойылады.
mail-confirm-problem-button = Мәселемді растау
mail-confirm-problem-tracking = Мәселеңізді бақылау, сұрақтарға жауап беру және оның түзетілгенін хабарлау үшін осы жеке сілтемені сақтап қойыңыз:
mail-confirm-problem-expiry = Расталмаған мәселелер { $days } күннен кейін жойылады.

## mail.status_update
mail-status-update-subject = { $reference }: { $status }
mail-status-update-status = Мәртебе
mail-status-update-follow = Мәселеңізді бақылау:
mail-status-update-follow-button = Мәселеңізді бақылау
mail-status-update-answer-here = Сұраққа осы жерде жауап беріңіз:
mail-status-update-answer-button = Сұраққа жауап беру
mail-status-update-verdict-here = Мәселе шынымен түзетілді ме, бізге хабарлаңыз:
mail-status-update-verdict-button = Шынымен түзетілді ме?
mail-status-update-route = Мәселеңіз расталды, жарияланды және өкілге тағайындалды: { $rep }.
mail-status-update-triage = Мәселеңіз расталып, жарияланды. Үйлестіруші оны өкілге тағайындайды.
mail-status-update-assign = Мәселеңіз енді мына өкілге тағайындалды: { $rep }.
mail-status-update-acknowledge = { $rep } мәселеңізді қабылдады.
mail-status-update-start = { $rep } мәселеңіз бойынша жұмысты бастады.
mail-status-update-ask-citizen = { $rep } Сізге сұрақ қойды:
mail-status-update-resolve = { $rep } мәселеңіз шешілгенін хабарлады:
mail-status-update-reject = { $rep } мәселеңізден бас тартты. Оны үйлестіруші қарайды. Себебі:
mail-status-update-close = Мәселеңізді үйлестіруші жапты. Себебі:
mail-status-update-mark-duplicate = Мәселеңіз дәл осы мәселе туралы басқа хабарламамен біріктірілді; енді сол хабарлама бойынша жаңалықтарды аласыз.
mail-status-update-withdraw = Бұл мәселені жіберген азамат кері қайтарып алды, ол енді жабылды.

## mail.assigned
mail-assigned-subject = Сізге жаңа мәселе: { $reference } { $title }
mail-assigned-greeting = Сәлеметсіз бе, { $name }!
mail-assigned-intro = Сізге азаматтың мәселесі тағайындалды.
mail-assigned-deadlines = Қабылдау мерзімі: { $ack }. Шешу мерзімі: { $resolve }.
mail-assigned-open = Оны жұмыс кабинетіңізде ашыңыз:
mail-assigned-button = Жұмыс кабинетінде ашу

## mail.triage
mail-triage-subject = Сұрыптау қажет: { $reference }, { $region }
mail-triage-unrouted = Бұл мәселеге сәйкес келетін бағыттау ережесі жоқ; оны өкілге тағайындаңыз.
mail-triage-rejected = Өкіл бұл мәселеден бас тартты; оны басқа өкілге қайта тағайындаңыз немесе жабыңыз.
mail-triage-reassign-requested = Өкіл бұл мәселені басқа өкілге қайта тағайындауды сұрайды.
mail-triage-button = Мәселені ашу
mail-triage-queue = Сұрыптау кезегі:

## mail.representative_update
mail-representative-update-subject = Жаңалық: { $reference } { $title }
mail-representative-update-answer = Азамат Сіздің сұрағыңызға жауап берді:
mail-representative-update-fixed = Азамат мәселенің түзетілгенін растады. Рақмет.
mail-representative-update-not-fixed = Азамат мәселе ТҮЗЕТІЛМЕГЕНІН айтады; ол қайта ашылып, Сізге қайтарылды.
mail-representative-update-resolve-by = Шешудің жаңа мерзімі: { $when }

## mail.login_link
mail-login-link-subject = Кіру сілтемеңіз ({ $org })
mail-login-link-intro = Кіру үшін осы сілтемені { $minutes } минут ішінде ашыңыз. Ол бір рет қана жұмыс істейді.
mail-login-link-button = Кіру
mail-login-link-ignore = Егер оны Сіз сұрамаған болсаңыз, бұл хатқа мән бермеңіз.

## categories
categories-heading = Санаттар және мерзімдер
categories-intro = Мерзімдер мәселе тағайындалған сәттен басталады: оны қабылдауға және шешуге берілетін уақыт. Сайлау санаттары бойынша мерзім сағатпен есептеледі.
categories-code = Коды
categories-names = Атаулары
categories-acknowledge = Қабылдау мерзімі
categories-resolve = Шешу мерзімі
categories-active = Белсенді
categories-save = Сақтау

## categories (descriptions)
categories-descriptions = Сипаттамалары
categories-description = Сипаттамасы
categories-description-hint = Санатқа не жататынын бір сөйлеммен жазыңыз. Оны өтініш формасы мен Open311 көрсетеді.
categories-description-too-long = { $max } таңбадан аспауы керек
form-category-help = Әр санатқа не жатады
open311-notice = Өкіл өтінішті { $acknowledge } ішінде қабылдап, { $resolve } ішінде шешеді.
open311-deadline-hours = { $count } сағат
open311-deadline-working-days = { $count } жұмыс күні
open311-deadline-calendar-days = { $count } күн
open311-region = Облыс немесе қала
open311-region-hint = Қазақстанның 20 облысы мен қаласының бірі (ISO 3166-2). Көрсетілмесе, lat және long бойынша анықталады.
open311-title = Қысқа тақырып; әдепкіде сипаттаманың бірінші сөйлемі
open311-title-hint = 5–200 таңба

## unit
unit-hours = сағат
unit-calendar-days = күнтізбелік күн
unit-working-days = жұмыс күні

## formats (src/locale.rs): ай атауы бар күн; «N күн»; қанша күту керек
date = { $day } { $month ->
        [1] қаңтар
        [2] ақпан
        [3] наурыз
        [4] сәуір
        [5] мамыр
        [6] маусым
        [7] шілде
        [8] тамыз
        [9] қыркүйек
        [10] қазан
        [11] қараша
       *[12] желтоқсан
    } { $year }
date-weekday = { $date }, { $weekday ->
        [1] дүйсенбі
        [2] сейсенбі
        [3] сәрсенбі
        [4] бейсенбі
        [5] жұма
        [6] сенбі
       *[7] жексенбі
    }
days-n =
    { $count ->
       *[other] { $n } күн
    }
wait-seconds = { $count } секунд
wait-minutes = { $count } минут

## feeds (src/http/pages/feeds.rs)
feed-title = { $org }: азаматтардың мәселелері
feed-ledger-title = { $org }: ашық тізілімнің бақылау нүктелері
feed-ledger-entry = { $day } күнгі бақылау нүктесі: { $head }

## timeline: жүйенің мәселе тарихында өзі жазатыны (src/domain/event_note.rs)
actor-citizen = азамат
actor-system = жүйе
event-routed = № { $rule } бөлу ережесі бойынша өкілге берілді: { $representative }.
event-unrouted = Бұл өңір мен санатқа бірде-бір бөлу ережесі сәйкес келмейді; үйлестірушілер өкілді қолмен тағайындайды.
event-assigned = Үйлестіруші өкіл тағайындады: { $representative }.
event-duplicate = { $original } мәселесінің қайталанымы.
event-overdue-acknowledge = Қабылдау мерзімі өтті: { $due }.
event-overdue-resolve = Шешу мерзімі өтті: { $due }.
event-escalated-acknowledge =
    { $days ->
       *[other] Өңір үйлестірушілеріне берілді: қабылдау мерзімінен { $days } күн өтті.
    }
event-escalated-resolve =
    { $days ->
       *[other] Өңір үйлестірушілеріне берілді: шешу мерзімінен { $days } күн өтті.
    }
event-asked-fixed-by-mail = Азаматтан мәселе шынымен түзетілді ме деп сұралды.
event-asked-fixed-on-page = Азамат бақылау бетінде мәселе шынымен түзетілгенін айта алады.
event-closed-no-answer =
    { $days ->
       *[other] Жабылды: азамат { $days } күн ішінде мәселе түзетілді ме, жауап бермеді.
    }

## sweep (issue 14)
event-contact-erased = Азамат өзінің байланыс деректерін өшірді.
# Мәселелер тізімінің пішінде жоқ сүзгілері (тақталар солармен сілтейді).
list-filter-status = Мәртебелер
list-filter-verdict = Азаматтың бағасы
list-filter-representative = Өкіл (нөмірі)
list-filter-overdue = Мерзімі өткен
list-filter-escalated = Үйлестірушілерге берілген
list-filter-received-from = Түскен күні, бастап
list-filter-received-to = Түскен күні, дейін
list-filter-acknowledged-from = Қабылданған күні, бастап
list-filter-acknowledged-to = Қабылданған күні, дейін
list-filter-resolved-from = Шешілген күні, бастап
list-filter-resolved-to = Шешілген күні, дейін
list-filter-closed-from = Жабылған күні, бастап
list-filter-closed-to = Жабылған күні, дейін
list-filter-due-from = Мерзімі, бастап
list-filter-due-to = Мерзімі, дейін

## jobs' figures (src/jobs/summary.rs): тапсырма іске қосылғанда не істелгені, /admin/jobs
jobs-figure-checked = тексерілді: { $count }
jobs-figure-reminded = еске салынды: { $count }
jobs-figure-overdue = мерзімі өтті: { $count }
jobs-figure-escalated = үйлестірушілерге берілді: { $count }
jobs-figure-mails = хат: { $count }
jobs-figure-asked = азаматтардан сұралды: { $count }
jobs-figure-closed-no-answer = жауапсыз жабылды: { $count }
jobs-figure-recipients = алушылар: { $count }
jobs-figure-queued = кезекке қойылды: { $count }
jobs-figure-already-sent = бұрын жіберілген: { $count }
jobs-figure-forced = қайта жіберілді: { $count }
jobs-figure-purged = расталмаған мәселелер жойылды: { $count }
jobs-figure-photos-removed = фотосуреттер жойылды: { $count }
jobs-figure-contacts-erased = жабық мәселелердің байланыс деректері өшірілді: { $count }
jobs-figure-replies-forgotten = поштамен келген жауаптардың ескі жазбалары өшірілді: { $count }
jobs-figure-ledger-seq = тізілімнің күйі: { $count }-жазба
jobs-figure-checkpoints-new = жаңа бақылау нүктелері: { $count }
jobs-figure-applied = орындалды: { $count }
jobs-figure-sent = жіберілді: { $count }
jobs-figure-failed = қатемен: { $count }
jobs-figure-dead = мүлде жеткізілмеді: { $count }
jobs-figure-unreachable = { $count ->
       *[other] пошта сервері қолжетімсіз
    }
