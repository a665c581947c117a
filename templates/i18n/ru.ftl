# Civic Tracker, русский язык. Идентификаторы сообщений — ключи шаблонов, где '.' и '_' записаны как '-'
# (t("mail.support_confirm.subject") — это mail-support-confirm-subject). Подстановки —
# { $name }; числа выбирают форму множественного числа: { $count -> [one] ... [few] ... [many] ... *[other] ... }.


## site
site-title = Civic Tracker
site-footer = Сервис ведёт { $org }. Проблемы передаются членам партии { $party }, и их решение открыто отслеживается до конца.

## nav
nav-users = Пользователи
nav-account = Учётная запись
nav-jobs = Задачи
nav-mail = Почта
nav-access-log = Журнал доступа
nav-holidays = Праздничные дни
nav-problems = Проблемы
nav-report = Сообщить о проблеме
nav-dashboard = Панель показателей
nav-workspace = Мои проблемы
nav-triage = Разбор
nav-representatives = Представители
nav-rules = Правила распределения
nav-categories = Категории
nav-login = Войти
nav-logout = Выйти

## home
home-most-supported = Открытые проблемы с наибольшей поддержкой
home-supporters =
    { $count ->
        [one] поддержал { $count } человек
        [few] поддержали { $count } человека
        [many] поддержали { $count } человек
       *[other] поддержали { $count } человека
    }
home-more = Все, по убыванию поддержки
home-no-supported = Ни одну открытую проблему пока не поддержали.
home-recently-resolved = Недавно решённые
home-no-resolved = Решённых проблем пока нет.
home-confirmed = За последние 30 дней граждане подтвердили { $share } оценённых ими решений ({ $fixed } из { $judged }): «решена» — так говорит представитель, «устранена» — так говорит гражданин.
home-confirmed-none = За последние 30 дней граждане ещё не оценили ни одного решения.
home-heading = Общественный контроль проблем граждан
home-intro = Расскажите о проблеме в Вашем городе или регионе. { $org } передаёт её ответственному представителю партии { $party }, и каждый может открыто следить, решена ли она.
home-latest = Новые проблемы
home-all = Все проблемы ({ $total })
home-counting = Показатели подсчитываются; они появятся здесь через минуту.
home-all-estimated = Все проблемы (около { $total })
home-empty = Опубликованных проблем пока нет.

## dash
dash-heading = Панель показателей
dash-regions = Регионы
dash-representatives = Рейтинг представителей
dash-categories = Категории
dash-overdue = Просроченные проблемы
dash-overview = Обзор
dash-period = Период
dash-days =
    { $days ->
        [one] последний { $days } день
        [few] последние { $days } дня
        [many] последние { $days } дней
       *[other] последние { $days } дня
    }
dash-custom = Свой период
dash-from = С
dash-to = По
dash-show = Показать
dash-all = Все
dash-as-of = Данные на { $time }; они пересчитываются в фоновом режиме по мере поступления новых событий.
dash-api = Эти данные в формате JSON
dash-received = Поступило
dash-open = Открыто сейчас
dash-overdue-now = Просрочено сейчас
dash-resolved = Решено
dash-fixed = Устранение подтверждено гражданами
dash-before = { $n } в предыдущем периоде
dash-ack-days = Дней до принятия
dash-resolve-days = Дней до решения
dash-median = медиана
dash-p90 = 90-й процентиль
dash-of-n = по выборке из { $count }
dash-confirmed-share = Доля подтверждённых
dash-confirmed-help = Доля ответов «устранена» среди оценок граждан за период: «решена» — так говорит представитель, «устранена» — так говорит гражданин.
dash-on-time = Доля решённых в срок
dash-on-time-help = Учитываются проблемы, срок решения которых пришёлся на период и уже прошёл (всего: { $due }). В срок — если проблема решена до него; с опозданием ({ $late }) — если решена позже или до сих пор не решена.
dash-reopened-share = Доля открытых повторно
dash-chart-flow = Поступило и решено
dash-chart-age = Открытые проблемы по давности
dash-worst = Представители с наибольшей просрочкой
dash-whole-table = Весь рейтинг
dash-oldest = Дольше всех просрочены
dash-all-overdue = Все просроченные проблемы
dash-supported = Открытые проблемы с наибольшей поддержкой
dash-none = По этим фильтрам ничего нет.
dash-name = Имя
dash-region = Регион
dash-category = Категория
dash-representative = Представитель
dash-age = Давность (дней)
dash-overdue-for = Просрочка (дней)
dash-escalation = Эскалация
dash-yes = да
dash-no = нет
dash-median-ack = Медиана дней до принятия
dash-median-resolve = Медиана дней до решения
dash-overdue-share = Доля просроченных
dash-map-help = Каждая плитка — регион; чем она темнее, тем больше доля просроченных среди его открытых проблем. Плитка ведёт на обзор региона.
dash-sort-help = Нажмите на заголовок столбца, чтобы отсортировать: сначала худшие.
dash-general = Общие проблемы
dash-election = Нарушения на выборах
dash-group-total = Итого: { $group }
dash-count =
    { $count ->
        [one] { $count } просроченная проблема
        [few] { $count } просроченные проблемы
        [many] { $count } просроченных проблем
       *[other] { $count } просроченной проблемы
    }
dash-as-list = Открыть списком проблем
dash-trend = Динамика
dash-open-problems = Открытые проблемы ({ $count })
dash-inactive = Больше не активен
dash-definitions = Длительность — время с момента назначения: считается с точностью до часа и показывается в днях с одним знаком после запятой. Количества — это события за период; открытые и просроченные считаются на текущий момент.

## dashboards (charts)
dash-chart-flow-day = Поступило и решено по дням
dash-chart-flow-week = Поступило и решено по неделям
dash-tip-received =
    { $count ->
        [one] { $day }: поступила { $count } проблема
        [few] { $day }: поступили { $count } проблемы
        [many] { $day }: поступило { $count } проблем
       *[other] { $day }: поступило { $count } проблемы
    }
dash-tip-resolved =
    { $count ->
        [one] { $day }: решена { $count } проблема
        [few] { $day }: решены { $count } проблемы
        [many] { $day }: решено { $count } проблем
       *[other] { $day }: решено { $count } проблемы
    }
dash-tip-open =
    { $count ->
        [one] { $band }: { $count } открытая проблема
        [few] { $band }: { $count } открытые проблемы
        [many] { $band }: { $count } открытых проблем
       *[other] { $band }: { $count } открытой проблемы
    }
dash-band-under-7-days = до 7 дней
dash-band-7-to-30-days = 7–30 дней
dash-band-30-to-90-days = 30–90 дней
dash-band-90-to-365-days = 90–365 дней
dash-band-over-365-days = больше года
dash-map-title = Доля просроченных среди открытых проблем по регионам
dash-tip-region = { $region }: просрочено { $share } открытых проблем
dash-tip-region-none = { $region }: открытых проблем нет
dash-escalated-n =
    { $count ->
        [one] { $count } проблема эскалирована
        [few] { $count } проблемы эскалированы
        [many] { $count } проблем эскалировано
       *[other] { $count } проблемы эскалировано
    }
dash-reopened-n =
    { $count ->
        [one] { $count } проблема открыта гражданами повторно
        [few] { $count } проблемы открыты гражданами повторно
        [many] { $count } проблем открыто гражданами повторно
       *[other] { $count } проблемы открыто гражданами повторно
    }
dash-tile-kz-10 = Абай
dash-tile-kz-11 = Акмола
dash-tile-kz-15 = Актобе
dash-tile-kz-19 = Алм. обл.
dash-tile-kz-23 = Атырау
dash-tile-kz-27 = Зап.-Каз.
dash-tile-kz-31 = Жамбыл
dash-tile-kz-33 = Жетісу
dash-tile-kz-35 = Караганда
dash-tile-kz-39 = Костанай
dash-tile-kz-43 = Кызылорда
dash-tile-kz-47 = Мангистау
dash-tile-kz-55 = Павлодар
dash-tile-kz-59 = Сев.-Каз.
dash-tile-kz-61 = Туркестан
dash-tile-kz-62 = Улытау
dash-tile-kz-63 = Вост.-Каз.
dash-tile-kz-71 = Астана
dash-tile-kz-75 = Алматы
dash-tile-kz-79 = Шымкент

## list
list-more = Также отфильтровано по
list-clear = Сбросить все фильтры
list-sort = Порядок
list-sort-newest = Сначала новые
list-sort-support = Сначала с наибольшей поддержкой
list-supporters = Поддержка
list-search = Поиск
list-search-hint = Слова из заголовка, описания или адреса; сначала самые подходящие
list-count-more =
    { $total ->
        [one] Более { $total } проблемы
       *[other] Более { $total } проблем
    }
list-heading = Проблемы
list-all = Все
list-filter = Фильтр
list-count =
    { $total ->
        [one] { $total } проблема
        [few] { $total } проблемы
        [many] { $total } проблем
       *[other] { $total } проблемы
    }
list-empty = Нет проблем, подходящих под эти фильтры.
list-count-estimated = около { $total } проблем (оценка)

## pager
pager-previous = Назад
pager-next = Далее
pager-first = Первая страница
pager-page = Страница { $page } из { $pages }

## problem
problem-overdue = Просрочена: срок истёк.
problem-escalated = Просрочена и эскалирована: передана координаторам региона.
problem-reference = №
problem-title = Проблема
problem-region = Регион
problem-category = Категория
problem-status = Статус
problem-representative = Представитель
problem-unassigned = Пока не назначена
problem-address = Адрес
problem-location = Местоположение
problem-filed = Подана { $when }
problem-responsible = Ответственный представитель
problem-why-here = Почему сюда
problem-acknowledge-by = Принять до
problem-resolve-by = Решить до
problem-duplicate-of = Дубликат проблемы
problem-timeline = История
problem-internal-note = Внутренняя заметка
problem-ledger-heading = Публичный реестр
problem-ledger-intro = Каждое публичное событие этой проблемы — запись в публичном реестре, цепочке хешей, которую никто, включая операторов, не может незаметно изменить. Проверить каждую запись и всю цепочку может любой.
problem-ledger-entry = Запись { $seq }
problem-ledger-verify = Проверить эту запись
problem-ledger-head = Текущее состояние реестра
problem-ledger-support = Подсчитаны поддержавшие
problem-redacted-title = [Текст скрыт]
problem-redacted = { $field ->
    [title] Заголовок скрыт
    [description] Описание скрыто
    [address] Адрес скрыт
   *[note] Комментарий скрыт
} { $when }. Причина: { $reason }
problem-ledger-redaction = Скрытие текста
problem-redact-heading = Скрыть текст
problem-redact-intro = Для персональных данных, которые гражданин попросил удалить, или незаконного содержания. Текст исчезнет со всех страниц, из выгрузок и лент; публичный журнал сохранит его хеш и укажет, когда и почему текст скрыт.
problem-redact-entry = Запись
problem-redact-field = Текст
problem-redact-field-name = { $field ->
    [title] Заголовок
    [description] Описание
    [address] Адрес
   *[note] Комментарий
}
problem-redact-reason = Причина (видна всем)
problem-redact-button = Скрыть

## status
status-unconfirmed = Не подтверждена
status-new = Новая
status-assigned = Назначена
status-acknowledged = Принята
status-in-progress = В работе
status-resolved = Решена
status-closed = Закрыта
status-reopened = Открыта повторно
status-rejected = Отклонена
status-duplicate = Дубликат

## verdict
verdict-fixed = Гражданин подтвердил устранение
verdict-not-fixed = Гражданин сообщил, что проблема не устранена
verdict-no-answer = Закрыта без ответа гражданина
verdict-closed-by-coordinator = Закрыта координатором
verdict-withdrawn = Отозвана гражданином, который её подал

## action
action-submit = Отправлена
action-confirm = Подтверждена по e-mail
action-route = Распределена
action-return-to-triage = Возвращена на разбор
action-acknowledge = Принята
action-start = Работа начата
action-comment = Комментарий
action-ask-citizen = Вопрос гражданину
action-answer-question = Ответ гражданина
action-resolve = Решена
action-reject = Отклонена
action-request-reassign = Запрошено переназначение
action-assign = Назначена координатором
action-mark-duplicate = Отмечена как дубликат
action-close = Закрыта
action-confirm-fixed = Гражданин подтвердил устранение
action-report-not-fixed = Гражданин сообщил, что проблема не устранена
action-withdraw = Отозвана гражданином
action-erase-contact = Контактные данные удалены
action-close-no-answer = Закрыта: гражданин не ответил
action-mark-overdue = Срок пропущен
action-escalate = Передана координаторам региона
action-ask-fixed = Гражданина спросили, устранена ли проблема
action-note = Внутренняя заметка координатора

## do: the workspace offers actions by what they do (imperative)
do-acknowledge = Принять
do-start = Начать работу
do-comment = Добавить комментарий
do-ask-citizen = Задать вопрос гражданину
do-resolve = Отметить как решённую
do-reject = Отклонить (не для этого представителя)
do-request-reassign = Запросить переназначение
do-assign = Назначить
do-mark-duplicate = Отметить как дубликат
do-close = Закрыть

## form
form-honeypot = Оставьте это поле пустым
form-heading = Сообщить о проблеме
form-intro = Регистрация не нужна. Мы пришлём Вам на e-mail ссылку для подтверждения проблемы; только после этого она будет опубликована и передана представителю.
form-has-errors = Пожалуйста, исправьте отмеченные ниже поля.
form-title = Краткое название
form-title-hint = (5–200 символов)
form-similar-heading = Похожие открытые проблемы
form-similar-intro = Возможно, о Вашей проблеме уже сообщили. Если так, поддержите её вместо новой заявки: у одной проблемы с многими сторонниками больше веса.
form-similar-supporters =
    { $count ->
        [one] поддержал { $count } человек
        [few] поддержали { $count } человека
        [many] поддержали { $count } человек
       *[other] поддержали { $count } человека
    }
form-similar-support = Поддержать эту проблему вместо новой заявки
form-description = В чём проблема?
form-description-hint = (20–5000 символов: где, с какого времени, кого затрагивает)
form-category = Категория
form-region = Регион или город
form-choose = Выберите…
form-election = Выборы
form-address = Адрес
form-latitude = Широта
form-longitude = Долгота
form-optional = (необязательно)
form-email = E-mail
form-email-hint = (не публикуется: нужен для подтверждения и новостей по проблеме)
form-display-name = Ваше имя
form-anonymous = Не показывать моё имя публично
form-consent = Я даю согласие организации { $org } на обработку моего адреса e-mail и имени для работы с этой проблемой. Они никогда не публикуются.
form-consent-version = (текст согласия, редакция { $version }; позже Вы можете удалить свои данные на личной странице отслеживания)
form-submit = Отправить

## submitted
submitted-title = Проверьте почту
submitted-body = Мы отправили Вам ссылку. Как только Вы перейдёте по ней, проблема будет опубликована и передана представителю. В том же письме есть личная ссылка для отслеживания проблемы.

## track
track-private = Это Ваша личная страница этой проблемы. Не передавайте её адрес другим.
track-public-page = публичная страница
track-question = Представитель задал Вам вопрос
track-your-answer = Ваш ответ (он будет опубликован как комментарий)
track-send-answer = Отправить ответ
track-is-fixed = Проблема действительно устранена?
track-yes = Да, устранена
track-no = Нет, не устранена
track-not-fixed-why = Что по-прежнему не так?
track-not-fixed-hint = (необязательно; будет опубликовано вместе с проблемой и отправлено представителю)
track-confirm-yes = Вы ответили, что проблема устранена. Нажмите кнопку, чтобы подтвердить: проблема будет закрыта как устранённая.
track-confirm-no = Вы ответили, что проблема не устранена. Нажмите кнопку, чтобы подтвердить: проблема будет открыта повторно и возвращена представителю.
track-change-answer = Показать оба ответа
track-withdraw-heading = Отозвать проблему
track-withdraw-text = Ни один представитель ещё не взял Вашу проблему. Если она больше не актуальна, Вы можете её отозвать: проблема будет закрыта и останется в общем списке с отметкой, что Вы её отозвали. Это действие нельзя отменить.
track-withdraw-button = Отозвать мою проблему
track-privacy-heading = Ваши контактные данные
track-erase-text = Мы храним Ваш адрес e-mail и имя только для того, чтобы сообщать Вам новости по этой проблеме. Вы можете удалить их сейчас: проблема останется публичной, но без Вашего имени, и работа по ней продолжится, однако мы больше не сможем Вам писать. Эта страница продолжит работать: сохраните её адрес, чтобы следить за проблемой, отвечать на вопросы и сообщить, устранена ли она. Это действие нельзя отменить.
track-retention =
    { $days ->
        [one] Иначе они будут удалены через { $days } день после закрытия проблемы.
        [few] Иначе они будут удалены через { $days } дня после закрытия проблемы.
        [many] Иначе они будут удалены через { $days } дней после закрытия проблемы.
       *[other] Иначе они будут удалены через { $days } дня после закрытия проблемы.
    }
track-erase-button = Удалить мои контактные данные
track-erased-on = Ваши контактные данные удалены { $when }. По данным, которые мы храним, с Вами нельзя связаться и нельзя установить Вашу личность. Эта страница продолжает работать: сохраните её адрес, чтобы следить за проблемой.

## flash: one-time messages after an action (src/http/flash.rs)
flash-track-confirmed = Спасибо: Ваша проблема подтверждена и опубликована.
flash-track-already = Эта проблема уже была подтверждена.
flash-track-answered = Спасибо: Ваш ответ отправлен представителю.
flash-track-fixed = Спасибо: проблема закрыта как устранённая.
flash-track-reopened = Спасибо: проблема открыта повторно и возвращена представителю.
flash-track-withdrawn = Ваша проблема отозвана и закрыта. Она остаётся в общем списке с отметкой, что Вы её отозвали.
flash-track-erased = Ваши контактные данные удалены. Эта страница продолжает работать: сохраните её адрес, чтобы следить за проблемой.
flash-support-confirmed = Спасибо: Ваша поддержка учтена.
flash-saved = Сохранено.
flash-revoked = Отозвано: { $count }.
flash-imported =
    Импортировано: создано — { $created }, обновлено — { $updated }, { $rules ->
        [one] { $rules } правило распределения
        [few] { $rules } правила распределения
        [many] { $rules } правил распределения
       *[other] { $rules } правила распределения
    }.
flash-representative-saved = Представитель сохранён.
flash-representative-deactivated = Представитель деактивирован. Его открытые проблемы распределены заново.
flash-rule-added = Правило распределения добавлено.
flash-rule-deleted = Правило распределения удалено.
flash-category-saved = Категория сохранена.
flash-mail-retried = Письмо снова поставлено в очередь на отправку.
flash-holiday-added = День добавлен в календарь.
flash-holiday-deleted = День удалён из календаря.
flash-signed-in = Вы вошли.
flash-signed-out = Вы вышли.
flash-signed-out-everywhere = Вы вышли на всех устройствах.
flash-action-acknowledge = { $told ->
    [1] Принята. Гражданин уведомлён.
   *[0] Принята.
}
flash-action-start = { $told ->
    [1] Работа начата. Гражданин уведомлён.
   *[0] Работа начата.
}
flash-action-comment = Комментарий добавлен.
flash-action-ask-citizen = { $told ->
    [1] Вопрос отправлен гражданину. Сроки приостановлены до его ответа.
   *[0] Вопрос записан. Контактные данные гражданина удалены, поэтому письмо не отправлено: он увидит вопрос на своей странице отслеживания.
}
flash-action-resolve = { $told ->
    [1] Отмечена как решённая. Гражданина спросили, действительно ли проблема устранена.
   *[0] Отмечена как решённая.
}
flash-action-reject = { $told ->
    [1] Отклонена. Проблема возвращена координаторам региона, гражданин уведомлён.
   *[0] Отклонена. Проблема возвращена координаторам региона.
}
flash-action-request-reassign = Переназначение запрошено. Координаторы региона уведомлены.
flash-action-assign = { $told ->
    [1] Назначена. Представитель и гражданин уведомлены.
   *[0] Назначена. Представитель уведомлён.
}
flash-action-mark-duplicate = { $told ->
    [1] Отмечена как дубликат. Гражданин уведомлён.
   *[0] Отмечена как дубликат.
}
flash-action-close = { $told ->
    [1] Закрыта. Гражданин уведомлён.
   *[0] Закрыта.
}

## role
role-admin = администратор
role-coordinator = координатор
role-representative = представитель
role-monitor = наблюдатель

## users
users-heading = Пользователи и их доступ
users-intro = Открытые сеансы и API-токены всех пользователей. Отзыв завершает все сеансы пользователя и делает недействительными его токены и неиспользованные ссылки для входа; войти снова можно по новой ссылке.
users-user = Пользователь
users-sessions = Открытые сеансы
users-tokens = API-токены и ключи Open311
users-last-seen = последняя активность { $time }
users-created = создан { $time }
users-last-used = последнее использование { $time }
users-never-used = не использовался
users-revoke = Отозвать сеансы и токены

## account
account-heading = Ваша учётная запись
account-sessions-heading = Сеансы
account-sessions-intro = Потеряли телефон или входили с чужого компьютера? Выйдите сразу на всех устройствах.
account-sign-out-everywhere = Выйти на всех устройствах
account-signed-in-as = Вы вошли как { $email }.
account-no-digests = Наблюдатели не получают сводок: те же данные есть на публичных страницах и панелях показателей.
account-digests-staff = Сводки по Вашим регионам на e-mail
account-digests-representative = Еженедельный обзор Ваших открытых проблем и сроков
account-choice-daily = Ежедневно (каждое утро в 08:00)
account-choice-weekly = Еженедельно (по понедельникам утром)
account-choice-both = Ежедневно и еженедельно
account-choice-none = Не получать
account-choice-rep-weekly = Да, каждый понедельник утром
account-choice-rep-none = Нет
account-save = Сохранить
account-language = Язык писем и сводок

## jobs
jobs-heading = Задачи по расписанию
jobs-intro = Время указано в часовом поясе { $timezone }. Каждая задача одновременно выполняется только в одном процессе; запуск, пропущенный, пока сервис не работал, выполняется один раз после его запуска.
jobs-name = Задача
jobs-schedule = Расписание
jobs-last-run = Последний запуск
jobs-duration = Длительность
jobs-outcome = Результат
jobs-next-run = Следующий запуск
jobs-off = отключена
jobs-running = выполняется
jobs-outcome-ok = успешно
jobs-outcome-error = ошибка
jobs-cli = Запустить задачу вручную: civic-tracker jobs run NAME [--at TIME] [--force].

## mailpage
mailpage-heading = Недоставленные письма
mailpage-intro = Здесь собраны письма, которые почтовый сервер окончательно отклонил или которые не удалось отправить за 8 попыток; письма, отправка которых ещё повторяется, тоже показаны. При повторной отправке счёт попыток начинается заново.
mailpage-recipient = Кому
mailpage-kind = Тип
mailpage-state = Состояние
mailpage-attempts = Попытки
mailpage-error = Последняя ошибка
mailpage-state-dead = не доставлено
mailpage-state-pending = повторная отправка
mailpage-next = следующая попытка { $when }
mailpage-retry = Отправить повторно
mailpage-none = Все письма доставлены.

## accesslog
accesslog-heading = Журнал доступа
accesslog-intro = Все случаи, когда сотруднику показывали контактные данные гражданина, сначала новые. В журнале указаны показанные поля, но не их значения.
accesslog-when = Когда
accesslog-who = Кто
accesslog-problem = Проблема
accesslog-shown = Показано
accesslog-place = Где
accesslog-command-line = командная строка
accesslog-none = Контактные данные граждан пока никому не показывались.

## accesslog.field
accesslog-field-email = e-mail
accesslog-field-name = имя
accesslog-field-phone = телефон
accesslog-field-device-id = идентификатор устройства
accesslog-field-account-id = идентификатор учётной записи

## accesslog.at
accesslog-at-problem-page = страница проблемы
accesslog-at-mail-page = страница недоставленных писем
accesslog-at-export = выгрузка персональных данных

## holidays
holidays-heading = Праздничные дни
holidays-intro = Сроки в рабочих днях не учитывают выходные и эти дни. Праздники с постоянной датой повторяются каждый год; праздники с переходящей датой (Курбан айт) и официальные переносы (выходной день и рабочий день вместо него) добавляйте на каждый год.
holidays-date = Дата
holidays-name = Название
holidays-kind = Тип
holidays-kind-day-off = выходной день
holidays-kind-working-day = рабочий день (перенос)
holidays-every-year = Каждый год в эту дату
holidays-every-year-prefix = ежегодно
holidays-delete = Удалить
holidays-add = Добавить день
holidays-save = Добавить

## confirm
confirm-heading = Подтвердите проблему
confirm-intro = Нажмите кнопку, чтобы подтвердить проблему, о которой Вы сообщили. После этого она будет опубликована и передана ответственному представителю.
confirm-button = Подтвердить и опубликовать

## support
support-heading = У меня та же проблема
support-confirm-heading = Подтвердите поддержку
support-confirm-intro = Нажмите кнопку, чтобы подтвердить, что у Вас та же проблема. Только после этого Ваша поддержка будет учтена.
support-confirm-button = Подтвердить поддержку
support-count = Людей, у которых та же проблема: { $count }.
support-none = Пока никто не сообщил, что у него та же проблема.
support-intro = Поддержите проблему: мы учтём Вашу поддержку после подтверждения по e-mail. Ваш адрес никогда не показывается.
support-email = Ваш e-mail
support-notify = Сообщать мне об изменении статуса
support-consent = Я даю согласие на обработку моего адреса e-mail для этой цели
support-button = У меня та же проблема
support-back = Вернуться к проблеме
support-sent-title = Проверьте почту
support-sent-body = Если этот адрес ещё не поддерживает проблему, на него отправлена ссылка для подтверждения. Поддержка будет учтена, когда Вы перейдёте по ней.
support-stop-heading = Отказаться от уведомлений
support-stop-ask = Больше не присылать письма об этой проблеме? Ваша поддержка останется в силе.
support-stop-button = Отказаться от уведомлений
support-stop-done = Вы больше не будете получать уведомления об этой проблеме.

## unsubscribe
unsubscribe-heading = Отписка
unsubscribe-ask-daily = Больше не присылать Вам ежедневную сводку?
unsubscribe-ask-weekly = Больше не присылать Вам еженедельную сводку или обзор?
unsubscribe-button = Отписаться
unsubscribe-done-daily = Вы больше не будете получать ежедневную сводку.
unsubscribe-done-weekly = Вы больше не будете получать еженедельную сводку или обзор.
unsubscribe-settings = Настройки сводок

## observers' workspace and stations (issue 20)
observers-filed-by-named = Сообщение подал аккредитованный наблюдатель { $name }.
observers-observed-at = Время наблюдения: { $time }.
observers-workspace-title = Рабочее место наблюдателя
observers-workspace-intro = Сообщите, что Вы видите на избирательном участке. Сообщение публикуется сразу с отметкой «подал аккредитованный наблюдатель». Ваше имя показывается, только если Вы отметите это.
observers-workspace-scope-stations = Ваши участки: { $stations }
observers-workspace-no-election = В регионах, где Вы наблюдаете, сейчас нет выборов. Форма откроется, когда начнётся кампания.
observers-election = Выборы
observers-station = Избирательный участок
observers-station-choose = Выберите участок
observers-region = Регион
observers-region-hint = (берётся из участка, если Вы его указали)
observers-category = Что произошло
observers-observed-at-label = Когда Вы это видели (местное время)
observers-observed-at-hint = (по умолчанию сейчас; не в будущем и не раньше начала кампании)
observers-show-name = Показать моё имя в сообщении
observers-file-button = Отправить сообщение
observers-recent = Ваши последние сообщения
observers-recent-none = Вы ещё не отправляли сообщений.
flash-observer-filed = Ваше сообщение принято и опубликовано.
error-field-outside-observer-stations = не входит в участки, где Вы наблюдаете
error-field-observed-at-format = должно быть датой и временем, например 2026-12-20T09:10:00+05:00
error-field-observed-at-future = не может быть в будущем
error-field-observed-at-before-campaign = не может быть раньше начала избирательной кампании
error-field-observers-only = только для сообщений аккредитованных наблюдателей
error-field-observer-stations-format = нужно указать пары ВЫБОРЫ:НОМЕР через запятую (не { $item })
error-field-stations-for-observers = участки назначаются только наблюдателям
error-field-observer-station-unknown = у выборов { $election } нет участка { $number }
error-forbidden-outside-observer-stations = Вы наблюдаете на других участках, не на участке этого сообщения
error-label-observed-at = Время наблюдения
error-label-show-name = Показать имя
error-label-stations = Избирательные участки
users-observer-stations = Участки (ВЫБОРЫ:НОМЕР через запятую; пусто: по регионам)
users-observer-stations-save = Сохранить участки
flash-observer-stations-saved = Участки наблюдателя сохранены.

## login
login-heading = Вход
login-intro = Представители, координаторы и наблюдатели входят по ссылке, которая приходит на e-mail.
login-send = Прислать ссылку для входа
login-sent-title = Проверьте почту
login-sent-body = Если этот адрес привязан к учётной записи, ссылка для входа уже отправлена. Она действует один раз в течение 30 минут.
login-continue = Войти
login-link-used = Эта ссылка для входа уже использована или устарела: ссылка действует один раз и ограниченное время.
login-go-on = Продолжить
login-ask-again = Прислать новую ссылку для входа

## workspace
workspace-heading = Мои проблемы
workspace-intro = Ответственный: { $name }. Сначала проблемы с ближайшим сроком.
workspace-age = Давность
workspace-days =
    { $n ->
        [one] { $n } день
        [few] { $n } дня
        [many] { $n } дней
       *[other] { $n } дня
    }
workspace-empty = Открытых проблем нет. Отличная работа.
workspace-waiting-citizen = ждёт ответа гражданина
workspace-public-page = публичная страница
workspace-reassign-requested = Запрошено переназначение
workspace-contact = Контакты гражданина (конфиденциально; Ваш просмотр записывается в журнал доступа)
workspace-contact-erased = Контактные данные гражданина удалены: написать ему по этой проблеме невозможно.
workspace-act = Действия по проблеме
workspace-action = Действие
workspace-note = Заметка
workspace-note-hint = (публикуется, кроме запросов на переназначение; обязательна, чтобы прокомментировать, задать вопрос, решить, отклонить или закрыть проблему)
workspace-assign-to = Назначить
workspace-duplicate-of = Дубликат проблемы (номер)
workspace-submit = Сохранить

## triage
triage-heading = Очередь разбора
triage-intro = Проблемы, которые не подошли ни под одно правило распределения, проблемы, отклонённые представителями, и запросы на переназначение.
triage-empty = Очередь разбора пуста.

## reps
reps-heading = Представители
reps-name = Имя
reps-position = Должность
reps-rules = Правила распределения
reps-open = Открытые
reps-inactive = Неактивен
reps-deactivate = Деактивировать
reps-add = Добавить или изменить представителя
reps-regions = Регионы
reps-categories = Категории
reps-codes-hint = (коды через «;» или * для любых)
reps-own-regions-hint = (коды через «;», только Ваши регионы)
reps-save = Сохранить
reps-import = Импорт из CSV
reps-import-hint = Заголовок: name,email,position,regions,categories. Регионы и категории: коды через «;» или * для любых. Каждая строка заменяет правила представителя; одна ошибочная строка останавливает весь импорт.
reps-import-button = Импортировать
reps-import-failed = Ничего не импортировано

## elections (issue 20)
elections-nav = Выборы
elections-heading = Выборы
elections-intro = Выборы, о нарушениях на которых сообщают граждане. Даты и часы — местное время; пустые даты считаются от дня голосования.
elections-name = Выборы
elections-kind = Вид
elections-regions = Регионы
elections-dates = Даты
elections-edit = Изменить
elections-none = Выборов пока нет.
elections-add = Добавить выборы
elections-edit-heading = Изменить выборы № { $id }
elections-save = Сохранить
elections-all-regions = Все регионы
elections-name-kk = Название на казахском
elections-name-ru = Название на русском
elections-name-en = Название на английском
elections-regions-hint = (коды регионов через запятую, например KZ-71,KZ-75; пусто — все регионы)
elections-voting-day = День голосования
elections-campaign-start = Начало кампании
elections-campaign-start-hint = (пусто — за 60 дней до дня голосования)
elections-silence-day = День тишины
elections-silence-day-hint = (пусто — накануне дня голосования)
elections-polls-open = Участки открываются
elections-polls-open-hint = (местное время; пусто — 07:00)
elections-polls-close = Участки закрываются
elections-polls-close-hint = (местное время; пусто — 20:00)
elections-results-date = Дата итогов
elections-results-date-hint = (пусто — через 10 дней после дня голосования)
elections-voting-day-on = день голосования { $date }
elections-campaign-from = кампания с { $date }
elections-silence-on = день тишины { $date }
elections-polls = участки открыты { $open }–{ $close }
elections-results-on = итоги { $date }
elections-kind-presidential = Выборы Президента
elections-kind-mazhilis = Выборы в Мажилис
elections-kind-maslikhat = Выборы в маслихат
elections-kind-akim = Выборы акима
elections-kind-referendum = Референдум
elections-phase-before-campaign = кампания ещё не началась
elections-phase-campaign = идёт кампания
elections-phase-silence = день тишины
elections-phase-polls-open = день голосования: участки открыты
elections-phase-polls-closed = день голосования: участки закрыты
elections-phase-counting = ожидаются итоги
elections-phase-after-results = итоги объявлены
elections-form-notice = Идут выборы. Категории выборов стоят в списке первыми: выберите одну из них, чтобы сообщить о нарушении.
elections-form-election = Выборы
elections-form-election-hint = (только для нарушений на выборах)
elections-form-by-region = Выборы в вашем регионе
elections-form-station = Номер избирательного участка
elections-form-station-hint = (обязателен для проблем на избирательном участке)
elections-home-heading = Текущие выборы
elections-home-report = Сообщить о нарушении
elections-home-stations = Избирательные участки
elections-problem-election = Выборы: { $name }
elections-station-number = Избирательный участок № { $number }
stations-heading = Избирательные участки: { $name }
stations-search = Номер участка или слова из его адреса
stations-find = Найти
stations-number = Номер
stations-address = Адрес
stations-district = Район
stations-location = Координаты
stations-first = Показаны первые { $count } участков; уточните адрес, чтобы сузить поиск.
stations-none = Избирательный участок не найден.
stations-problems = Сообщения об этом участке
stations-no-problems = Сообщений об этом участке пока нет.
stations-report = Сообщить о проблеме на этом участке
flash-election-saved = Выборы сохранены.
error-field-time = должно быть временем, например 07:00
error-field-silence-before-voting = должен быть раньше дня голосования ({ $date })
error-field-campaign-before-silence = не может быть позже дня тишины ({ $date })
error-field-results-after-voting = не может быть раньше дня голосования ({ $date })
error-field-polls-close-after-open = должно быть позже открытия участков ({ $time })
error-field-election-category-only = к выборам относятся только категории выборов
error-field-unknown-election = выборов { $id } нет
error-field-election-not-in-region = выборы { $id } не проходят в регионе { $region }
error-field-election-for-station = обязательно: участки нумеруются в пределах выборов, а в этом регионе сейчас выборов нет
error-field-station-required = обязателен для проблем на избирательном участке
error-field-unknown-station = у этих выборов нет участка { $number }
error-field-station-other-region = участок { $number } находится в регионе { $region }
error-label-election = Выборы
error-label-polling-station = Избирательный участок
error-label-name-kk = Название на казахском
error-label-name-ru = Название на русском
error-label-name-en = Название на английском
error-label-kind = Вид
error-label-regions = Регионы
error-label-voting-day = День голосования
error-label-campaign-start = Начало кампании
error-label-silence-day = День тишины
error-label-results-date = Дата итогов
error-label-polls-open = Открытие участков
error-label-polls-close = Закрытие участков
action-verify = Проверка (координатор или наблюдатель)
event-verified = Сообщение проверено и подтверждено.
event-unverified = Сообщение проверено, подтвердить его не удалось.
flash-verified = Результат проверки записан в историю проблемы.
elections-verified-yes = Подтверждено: координатор или аккредитованный наблюдатель проверил это сообщение о выборах.
elections-verified-no = Не подтверждено: координатор или аккредитованный наблюдатель проверил это сообщение о выборах и не смог его подтвердить.
elections-verify-heading = Проверить это сообщение о выборах
elections-verify-intro = Ваш вывод и заметка публичны и видны в истории. Статус не меняется.
elections-verify-finding = Вывод
elections-verify-true = Подтверждено
elections-verify-false = Не подтверждено
elections-verify-note = Заметка (что и как проверено)
elections-verify-button = Записать вывод
error-conflict-not-election-report = проверяются только сообщения о выборах
error-label-verified = Вывод

## election figures, feed and Open311 (issue 20: цифры выборов, лента и Open311)
error-field-election-id = Укажите номер выборов
feed-election-title = { $org }: сообщения о выборах «{ $election }»
feed-verified = Проверено
feed-unverified = Не подтвердилось
feed-unchecked = Ещё не проверено
elections-live-feed = Лента сообщений об этих выборах
open311-polling-station = Номер избирательного участка, о котором сообщение
open311-polling-station-hint = Номер участка в этих выборах (только цифры), например 101

## photos (issue 19: фотографии как доказательства)
photos-heading = Фотографии
photos-before = До: фотографии заявителя
photos-after = После: фотографии представителя
photos-citizen-alt = Фотография { $n } проблемы от заявителя
photos-representative-alt = Фотография { $n } после работ от представителя
photos-hidden = Эта фотография скрыта: { $reason }
photos-hide-reason = Причина (её увидят все)
photos-hide-button = Скрыть фотографию
photos-form-label = Фотографии
photos-form-hint = (необязательно: до 5 фотографий, каждая не больше { $megabytes } МБ; место и время съёмки удаляются перед сохранением)
photos-workspace-label = Фотографии «после» (необязательно; всего до 5 на проблему)
error-field-photo-not-image = должно быть изображением JPEG, PNG или WebP
error-field-photo-too-large = каждый снимок должен быть не больше { $megabytes } МБ
error-field-photo-too-many-pixels = снимок должен быть не больше { $megapixels } мегапикселей
error-field-photos-too-many = { $max ->
    [one] не больше одной фотографии каждого вида на проблему
   *[other] не больше { $max } фотографий каждого вида на проблему
}
error-forbidden-hide-photo = Скрывать фотографии могут только администраторы и координаторы региона проблемы
error-forbidden-photos-assignee-only = Добавлять фотографии к проблеме может только назначенный на неё представитель
error-multipart-required = тело запроса должно быть multipart/form-data
error-label-photos = Фотографии
error-label-reason = Причина

## elections live (issue 20)
elections-live-link = Ход выборов
elections-live-counted = Данные на { $time }; они пересчитываются каждую минуту.
elections-live-totals = Сообщения
elections-live-all = Все сообщения
elections-live-verified = Подтверждённые нарушения
elections-live-unverified = Не подтвердились
elections-live-unchecked = Ещё не проверены
elections-live-ack-median = Медиана до принятия в работу, минут
elections-live-hours = Сообщения по часам дня голосования
elections-live-tip-all = { $hour }: { $count ->
    [one] { $count } сообщение
    [few] { $count } сообщения
   *[many] { $count } сообщений
}
elections-live-tip-verified = { $hour }: подтверждено { $count }
elections-live-regions = По регионам
elections-live-categories = По категориям
elections-live-stations = Участки с наибольшим числом сообщений
elections-live-latest = Последние подтверждённые сообщения
elections-live-none = Сообщений пока нет.

## voting day (issue 20): deadlines in minutes while an election's polls are open
event-escalated-acknowledge-minutes =
    { $minutes ->
        [one] Передана координаторам региона: срок принятия пропущен на { $minutes } минуту.
        [few] Передана координаторам региона: срок принятия пропущен на { $minutes } минуты.
        [many] Передана координаторам региона: срок принятия пропущен на { $minutes } минут.
       *[other] Передана координаторам региона: срок принятия пропущен на { $minutes } минуты.
    }
event-escalated-resolve-minutes =
    { $minutes ->
        [one] Передана координаторам региона: срок решения пропущен на { $minutes } минуту.
        [few] Передана координаторам региона: срок решения пропущен на { $minutes } минуты.
        [many] Передана координаторам региона: срок решения пропущен на { $minutes } минут.
       *[other] Передана координаторам региона: срок решения пропущен на { $minutes } минуты.
    }
mail-sla-escalation-line-minutes =
    Представитель: { $rep }. Срок { $deadline } истёк { $due }, { $minutes ->
        [one] { $minutes } минуту назад.
        [few] { $minutes } минуты назад.
        [many] { $minutes } минут назад.
       *[other] { $minutes } минуты назад.
    }
categories-voting-day = День голосования, в минутах
categories-voting-day-hint = Пока на выборах открыты участки, сообщения принимают и решают в эти сроки в минутах. Пусто: и в этот день обычный срок.
categories-voting-day-acknowledge = Принять в течение (минут)
categories-voting-day-resolve = Решить в течение (минут)
error-field-voting-day-minutes = Оставьте пустым или укажите целое число минут от 1 до { $max }.

## rules
rules-heading = Правила распределения
rules-intro = Выбирается самое точное подходящее правило: район избирательного участка и категория, затем район, затем регион и категория, затем регион, затем категория, затем любое. Правило района действует для сообщений о выборах с участков этого района. Среди равных правил проблему получает представитель с наименьшим числом открытых проблем.
rules-empty = Правил пока нет: все проблемы попадают в очередь разбора.
rules-add = Добавить правило
rules-delete = Удалить
rules-any-region = Любой регион
rules-any-category = Любая категория
rules-district = Район (избирательных участков)
rules-district-hint = Необязательно: район так, как он записан в списке участков (регистр не важен). Нужен регион.
rules-any-district = любой район
error-field-district-needs-region = для правила района нужен его регион

## observers (issue 20)
role-observer = аккредитованный наблюдатель
observers-filed-by = Сообщение подал аккредитованный наблюдатель.
error-field-observer-election-only = наблюдатели сообщают только о выборах: выберите категорию выборов
error-field-outside-observer-scope = вне регионов, в которых Вы наблюдаете
error-field-observer-election-required = обязательно: в этом регионе сейчас нет выборов
error-forbidden-observers-page = Эта страница для аккредитованных наблюдателей

## election report (issue 20)
elections-report-link = Отчёт о выборах
elections-report-title = Отчёт о выборах: { $name }
elections-report-not-yet = Отчёт публикуется после дня объявления итогов, { $date }. До тех пор текущие цифры показывает живая картина дня.
elections-report-as-of = Цифры на { $time }, запись публичного журнала № { $seq }:
elections-report-frozen = Эти цифры подсчитаны один раз, после дня объявления итогов, и больше не меняются: на страницу можно ссылаться.
elections-report-data = Таблицы в виде данных:
elections-report-stations = По избирательным участкам
elections-report-reps = Ответ представителей
elections-report-resolved = Решено
elections-report-closed-other = Закрыто без решения
elections-report-open = Ещё открыто
elections-report-fix-median = Медиана часов до решения
elections-report-previous = Вторая строка — { $name }, предыдущие выборы того же вида (день голосования { $date }).
elections-report-no-previous = Более ранних выборов того же вида для сравнения нет.
elections-report-more-stations = Здесь показаны участки с наибольшим числом сообщений; в CSV есть все участки.
elections-report-rep = Представитель
elections-report-assigned = Получено сообщений
elections-report-acknowledged = Принято в работу
mail-election-report-subject = Отчёт о выборах: { $election }
mail-election-report-intro = Опубликован отчёт о выборах «{ $election }» (день голосования { $date }).
mail-election-report-totals = Сообщений: { $reports }. Подтверждённых нарушений: { $verified }. Не подтвердилось: { $unverified }. Ещё не проверено: { $unchecked }.
mail-election-report-handled = Решено: { $resolved }. Закрыто без решения: { $closed }. Ещё открыто: { $open }.
mail-election-report-button = Открыть отчёт
jobs-figure-reports-mailed =
    { $count ->
        [one] разослан { $count } отчёт о выборах
        [few] разослано { $count } отчёта о выборах
       *[many] разослано { $count } отчётов о выборах
    }

## error
error-400 = Неверный запрос
error-401 = Пожалуйста, войдите
error-403 = Доступ запрещён
error-404 = Не найдено
error-409 = Конфликт
error-422 = Пожалуйста, проверьте введённые данные
error-500 = Что-то пошло не так
error-503 = Сервис временно недоступен
error-home = На главную страницу
# Error and validation messages: the API's `message` (by Accept-Language), form fields, error pages.
error-invalid-input = Данные заполнены неверно
error-unauthorized = Нужен действующий токен доступа (Bearer)
error-not-found = Не найдено
error-method-not-allowed = Этот адрес не принимает такой метод запроса
error-too-large = Слишком большой запрос
error-internal = Внутренняя ошибка
error-internal-id = Внутренняя ошибка (номер ошибки { $id })
error-page-internal = Что-то пошло не так на нашей стороне (номер ошибки { $id }).
error-unavailable = Сервис временно недоступен; повторите попытку через { $wait }
error-counting = Показатели подсчитываются; повторите попытку через { $wait }
error-page-field = { $field }: { $message }
error-field-sentence = { $field }: { $message }
error-none = нет
error-open311-internal = Не удалось обработать запрос; пожалуйста, повторите попытку
error-json-object = Тело запроса должно быть объектом JSON
error-json-invalid = Тело запроса — не JSON: { $detail }
error-illegal-transition = Шаг «{ $action }» невозможен: проблема в статусе «{ $status }». Возможные шаги: { $allowed }
error-note-required = Для шага «{ $action }» нужен комментарий
error-too-many-problems = Из вашей сети отправлено слишком много проблем; ничего не сохранено и не отправлено. Повторите через { $wait }
error-too-many-supports = Из вашей сети отправлено слишком много запросов поддержки; ничего не сохранено и не отправлено. Повторите через { $wait }
error-too-many-sign-ins = Слишком много запросов на вход; ничего не сохранено и не отправлено. Повторите через { $wait }
error-too-many-api-token = Слишком много запросов с этим токеном API; ничего не сохранено и не отправлено. Повторите через { $wait }
error-too-many-api-key = Слишком много запросов с этим api_key; ничего не сохранено и не отправлено. Повторите через { $wait }
error-too-many-mails = Слишком много писем на этот адрес; ничего не сохранено и не отправлено. Повторите через { $wait }
error-conflict-changed-meanwhile = Тем временем проблему изменил кто-то другой; обновите страницу и повторите
error-conflict-no-question = Представитель не задавал вопроса
error-conflict-support-race = С этого адреса одновременно пришли два запроса поддержки; повторите попытку
error-conflict-user-race = Пользователя с этим адресом только что добавили; повторите попытку
error-conflict-already-redacted = Этот текст уже скрыт
error-forbidden-citizen-only = Это может сделать только гражданин, подавший проблему
error-forbidden-service-only = Это делает только сама система
error-forbidden-assigned-to-another = Эта проблема назначена другому представителю
error-forbidden-assignee-only = Это может сделать только назначенный представитель
error-forbidden-erase-only = Это может сделать только гражданин или система по окончании срока хранения
error-forbidden-outside-regions = Эта проблема вне ваших регионов
error-forbidden-coordinator-only = Это может сделать только координатор региона проблемы или администратор
error-forbidden-original-outside-regions = Исходная проблема (duplicate_of) находится вне ваших регионов
error-forbidden-routing-outside-regions = Это затрагивает распределение вне ваших регионов; обратитесь к национальному координатору или администратору
error-forbidden-form-expired = Форма устарела или отправлена не с этого сайта; обновите страницу и повторите
error-forbidden-login-link-expired = Ссылка для входа устарела или уже использована; запросите новую на странице /login
error-forbidden-account-inactive = Эта учётная запись не активна
error-forbidden-staff-page = Эта страница для координаторов, наблюдателей и администраторов
error-forbidden-managers-only = Изменять это могут только координаторы и администраторы
error-forbidden-redact = Скрывать тексты публичного журнала могут только администраторы и координаторы региона проблемы
error-forbidden-representatives-page = Эта страница для представителей
error-forbidden-admins-page = Эта страница для администраторов
error-forbidden-sign-in-first = Сначала войдите в систему
error-field-required = Обязательное поле
error-field-invalid-email = Укажите действующий адрес электронной почты
error-field-control-characters = Не должно содержать управляющих символов
error-field-too-short = Не короче { $min ->
        [one] { $min } символа
        [few] { $min } символов
        [many] { $min } символов
       *[other] { $min } символа
    } (сейчас { $got })
error-field-too-long = Не длиннее { $max ->
        [one] { $max } символа
        [few] { $max } символов
        [many] { $max } символов
       *[other] { $max } символа
    } (сейчас { $got })
error-field-required-with-latitude = Обязательно, если указана широта
error-field-required-with-longitude = Обязательно, если указана долгота
error-field-latitude-range = Должна быть от 40,5 до 55,5 (в пределах Казахстана)
error-field-longitude-range = Должна быть от 46,4 до 87,4 (в пределах Казахстана)
error-redaction-not-redactable = Должно называть текст записи { $entry }, который можно скрыть ({ $fields }), а не { $field }
error-field-redaction-entry = Должно быть номером записи
error-field-unknown-category = Неизвестный код категории { $code }; см. GET /api/v1/categories
error-field-unknown-region = Неизвестный код региона { $code }; укажите код ISO 3166-2, например KZ-71
error-field-consent-required = Нужно согласие на обработку ваших контактных данных
error-field-consent-email-required = Нужно согласие на обработку вашего адреса электронной почты
error-field-idempotency-key-reused = Уже использован с другим телом запроса
error-field-idempotency-key = Должен состоять из 1–200 видимых символов ASCII
error-field-date-example = Укажите дату в виде 2026-05-27
error-field-date-range = Укажите дату ГГГГ-ММ-ДД с 2000 по 2100 год
error-field-day-kind = Должно быть day_off или working_day
error-field-moved-day-one-year = Рабочий день, перенесённый на выходной, относится к одному году
error-field-one-of = Допустимые значения: { $choices }
error-field-required-to-assign = Обязательно для назначения
error-field-not-active-representative = { $id } — не действующий представитель
error-field-required-for-duplicate = Обязательно, чтобы отметить дубликат
error-field-duplicate-of-itself = Проблема не может быть дубликатом самой себя
error-field-no-such-problem = Проблемы { $id } не существует
error-field-duplicate-chain = Слишком длинная цепочка дубликатов
error-field-other-role = Принадлежит пользователю с ролью «{ $role }»
error-field-group-by = Допустимые значения: region, category или representative
error-field-unknown-field = Неизвестное поле { $name }; допустимые: { $allowed }
error-field-not-string = Должно быть строкой
error-field-not-number = Должно быть числом
error-field-not-integer = Должно быть целым числом
error-field-positive-integer = Должно быть целым положительным числом
error-field-non-negative-integer = Должно быть целым числом не меньше 0
error-field-boolean = Должно быть true или false
error-field-search-words = Не больше { $max ->
        [one] { $max } слова
       *[other] { $max } слов
    } (сейчас { $got })
error-field-search-no-words = Нужно хотя бы одно слово из двух букв или длиннее
error-field-required-for-custom-period = Обязательно для своего периода
error-field-period = Допустимые значения: 7, 30, 90, 365 или custom (с from и to)
error-field-to-before-from = Не может быть раньше начала периода
error-field-period-too-long = Период не может быть длиннее { $max ->
        [one] { $max } дня
        [few] { $max } дней
        [many] { $max } дней
       *[other] { $max } дня
    }
error-field-required-with-to = Обязательно вместе с to
error-field-required-with-from = Обязательно вместе с from
error-field-unknown-value = Неизвестное значение { $value }
error-field-unknown-code = Неизвестный код { $code }
error-field-integer-up-to = Должно быть целым числом от 1 до { $max }
error-field-sort = Допустимые значения: newest или support
error-field-cursor = Укажите курсор из ссылки next того же списка (с той же сортировкой)
error-field-representative-id = Укажите номер представителя
error-field-digests = Выберите: ежедневно, еженедельно, оба или ни одного
error-field-language = выберите kk, ru или en
error-field-page-number = Укажите номер страницы, начиная с 1
error-field-problem-or-person = Укажите номер проблемы или человека
error-field-whole-number-1000 = Должно быть целым числом от 1 до 1000
error-field-unit = Допустимые значения: hours, calendar_days или working_days
error-field-number = Укажите число, например 51,1694
error-field-write-answer = Пожалуйста, напишите ответ
error-field-not-region = Такого кода региона нет
error-field-not-category = Такого кода категории нет
error-field-choose-representative = Выберите действующего представителя
# A field's name in messages of other languages (English messages name the field by its API code).
error-label-title = Название
error-label-description = Описание
error-label-category = Категория
error-label-region = Регион
error-label-address = Адрес
error-label-latitude = Широта
error-label-longitude = Долгота
error-label-email = E-mail
error-label-display-name = Имя
error-label-consent = Согласие
error-label-note = Комментарий
error-label-action = Шаг
error-label-name = Имя
error-label-date = Дата
error-label-period = Период
error-label-from = Начало периода
error-label-to = Конец периода

## mail
mail-footer = Вы получили это письмо в связи с проблемой, поданной в организацию { $org }.
mail-greeting = Здравствуйте, { $name }!

## mail.sla
mail-sla-more =
    { $more ->
        [one] ...и ещё { $more } проблема.
        [few] ...и ещё { $more } проблемы.
        [many] ...и ещё { $more } проблем.
       *[other] ...и ещё { $more } проблемы.
    }

## mail.sla.acknowledge
mail-sla-acknowledge-soon = Пожалуйста, примите её к рассмотрению до { $due }.
mail-sla-acknowledge-passed = Срок принятия ({ $due }) истёк: пожалуйста, примите её к рассмотрению сейчас.

## mail.sla.resolve
mail-sla-resolve-soon = Пожалуйста, решите её до { $due }.
mail-sla-resolve-passed = Срок решения ({ $due }) истёк: пожалуйста, решите её или объясните, почему это невозможно.

## mail.sla.deadline
mail-sla-deadline-acknowledge = принятия
mail-sla-deadline-resolve = решения

## mail.sla_reminder
mail-sla-reminder-subject-soon =
    { $count ->
        [one] Приближается срок: { $count } проблема
        [few] Приближаются сроки: { $count } проблемы
        [many] Приближаются сроки: { $count } проблем
       *[other] Приближаются сроки: { $count } проблемы
    }
mail-sla-reminder-subject-passed =
    { $count ->
        [one] Срок истёк: { $count } проблема
        [few] Сроки истекли: { $count } проблемы
        [many] Сроки истекли: { $count } проблем
       *[other] Сроки истекли: { $count } проблемы
    }
mail-sla-reminder-intro = Эти проблемы требуют Вашего внимания:
mail-sla-reminder-workspace = Ваш кабинет:
mail-sla-reminder-button = Открыть мой кабинет

## mail.sla_escalation
mail-sla-escalation-subject =
    { $count ->
        [one] Эскалация: { $count } проблема в Ваших регионах давно просрочена
        [few] Эскалация: { $count } проблемы в Ваших регионах давно просрочены
        [many] Эскалация: { $count } проблем в Ваших регионах давно просрочено
       *[other] Эскалация: { $count } проблемы в Ваших регионах давно просрочено
    }
mail-sla-escalation-intro = Сроки по этим проблемам давно истекли. Пожалуйста, свяжитесь с представителем или назначьте другого.
mail-sla-escalation-line =
    Представитель: { $rep }. Срок { $deadline } истёк { $due }, { $days ->
        [one] { $days } день назад.
        [few] { $days } дня назад.
        [many] { $days } дней назад.
       *[other] { $days } дня назад.
    }
mail-sla-escalation-triage = Очередь разбора:
mail-sla-escalation-button = Открыть очередь разбора

## mail.digest
mail-digest-subject-daily = Ежедневная сводка, { $period }: просрочено { $overdue }
mail-digest-all-regions = все регионы
mail-digest-subject-weekly = Еженедельная сводка, { $period }: просрочено { $overdue }
mail-digest-heading-daily = { $period }, { $scope }
mail-digest-heading-weekly = Неделя { $period }, { $scope }
mail-digest-quiet-daily = Спокойный день ({ $scope }): ни одна проблема не поступила и не сменила статус.
mail-digest-quiet-weekly = Спокойная неделя ({ $scope }): ни одна проблема не поступила и не сменила статус.
mail-digest-now = Сейчас: открыто { $open }, просрочено { $overdue }, эскалировано { $escalated }.
mail-digest-times-ack = Дней до принятия: медиана { $median }, 90-й процентиль { $p90 } (принято: { $count }).
mail-digest-times-resolve = Дней до решения: медиана { $median }, 90-й процентиль { $p90 } (решено: { $count }).
mail-digest-confirmed = Граждане подтвердили { $share } оценённых ими решений.
mail-digest-reps-heading = Представители, сначала с наибольшей просрочкой
mail-digest-rep-line = открыто { $open }, просрочено { $overdue }, решено { $resolved }
mail-digest-rep-median =
    {" "}(медиана { $median ->
        [one] { $median } день
        [few] { $median } дня
        [many] { $median } дней
       *[other] { $median } дня
    })
mail-digest-rep-confirmed = , подтверждено гражданами { $confirmed }
mail-digest-no-reps = Здесь нет представителей с открытыми или решёнными проблемами.
mail-digest-oldest-heading = Дольше всех просрочены
mail-digest-oldest-line =
    { $days ->
        [one] просрочена на { $days } день
        [few] просрочена на { $days } дня
        [many] просрочена на { $days } дней
       *[other] просрочена на { $days } дня
    } · { $rep } · { $region }
mail-digest-escalated = (эскалирована)
mail-digest-no-overdue = Просроченных проблем нет.
mail-digest-supported-heading = Открытые проблемы с наибольшей поддержкой
mail-digest-no-supported = Пока ни одну открытую проблему не поддержали.
mail-digest-supporters =
    { $count ->
        [one] поддержал { $count } человек
        [few] поддержали { $count } человека
        [many] поддержали { $count } человек
       *[other] поддержали { $count } человека
    }
mail-digest-ledger = Состояние публичного реестра на момент этой сводки: { $head }. Сохраните его: по нему любой может позже проверить, что публичную историю никто не переписал.
mail-digest-preferences = Выберите: ежедневно, еженедельно, и то и другое или ничего:
mail-digest-unsubscribe = Отписаться от этой сводки одним нажатием:
mail-digest-preferences-link = Настройки сводок
mail-digest-unsubscribe-link = Отписаться

## mail.digest.flow
mail-digest-flow-received = Поступило
mail-digest-flow-routed = Распределено представителям
mail-digest-flow-acknowledged = Принято
mail-digest-flow-resolved = Решено
mail-digest-flow-fixed = Устранение подтверждено гражданами
mail-digest-flow-reopened = Открыто повторно (не устранено)
mail-digest-flow-rejected = Отклонено представителями

## mail.digest.trend
mail-digest-trend-up = ▲ { $change } (было { $before })
mail-digest-trend-down = ▼ { $change } (было { $before })
mail-digest-trend-same = без изменений

## mail.digest.col
mail-digest-col-name = Представитель
mail-digest-col-open = Открыто
mail-digest-col-overdue = Просрочено
mail-digest-col-resolved = Решено
mail-digest-col-median = Медиана, дней
mail-digest-col-confirmed = Подтверждено

## mail.rep_summary
mail-rep-summary-subject =
    { $count ->
        [one] Ваша неделя: { $count } открытая проблема, просрочено { $overdue }
        [few] Ваша неделя: { $count } открытые проблемы, просрочено { $overdue }
        [many] Ваша неделя: { $count } открытых проблем, просрочено { $overdue }
       *[other] Ваша неделя: { $count } открытой проблемы, просрочено { $overdue }
    }
mail-rep-summary-intro =
    { $count ->
        [one] У Вас { $count } открытая проблема; просрочено: { $overdue }. Сначала ближайшие сроки:
        [few] У Вас { $count } открытые проблемы; просрочено: { $overdue }. Сначала ближайшие сроки:
        [many] У Вас { $count } открытых проблем; просрочено: { $overdue }. Сначала ближайшие сроки:
       *[other] У Вас { $count } открытой проблемы; просрочено: { $overdue }. Сначала ближайшие сроки:
    }
mail-rep-summary-due-acknowledge = Принять до { $due }.
mail-rep-summary-due-resolve = Решить до { $due }.
mail-rep-summary-waiting = Ожидается ответ гражданина на Ваш вопрос (сроки приостановлены).
mail-rep-summary-overdue = ПРОСРОЧЕНА.

## mail.support_confirm
mail-support-confirm-subject = Подтвердите поддержку проблемы { $reference }
mail-support-confirm-intro = Вы сообщили, что у Вас та же проблема. Перейдите по ссылке, чтобы подтвердить; только после этого Ваша поддержка будет учтена:
mail-support-confirm-button = Подтвердить поддержку
mail-support-confirm-notify = Мы сообщим Вам, когда изменится её статус.
mail-support-confirm-no-notify = Вы не будете получать уведомления о ней.
mail-support-confirm-ignore = Если Вы этого не запрашивали, просто проигнорируйте письмо: ничего не будет учтено.

## mail.support_own
mail-support-own-subject = Вы уже учтены в проблеме { $reference }
mail-support-own-body = Кто-то попросил добавить этот адрес в число поддержавших проблему. Проблема была подана с этого адреса, поэтому Вы уже учтены: больше ничего делать не нужно. Никому не сообщалось, что проблему подали Вы.
mail-support-own-ignore = Если Вы этого не запрашивали, просто проигнорируйте письмо.

## mail.supporter_update
mail-supporter-update-intro = Новости по проблеме, которую Вы поддержали:
mail-supporter-update-follow = Следить за проблемой:
mail-supporter-update-button = Открыть проблему
mail-supporter-update-stop = Отказаться от этих уведомлений (Ваша поддержка останется в силе):
mail-supporter-update-stop-link = Отказаться от уведомлений

## mail.fix_check
## Ответы по почте (services::inbound)
mail-reply-above = — Пишите ответ выше этой строки —
mail-reply-how-for-representative = Можно ответить на это письмо: ответ станет публичным комментарием к проблеме через 15 минут, в течение которых его можно отменить. Начните его с «решено:», «принято:», «в работе:», «отклонено:» или «вопрос:» (по-казахски: «шешілді:», «қабылданды:», «жұмыста:», «қабылданбады:», «сұрақ:»), чтобы выполнить это действие, а остальной текст станет пояснением. Фотографии, приложенные к комментарию или к «решено:», добавятся как фото «после» (до 5).
mail-reply-how-for-citizen = Можно ответить на вопрос, ответив на это письмо.
mail-reply-how-fix-check = Можно также ответить на это письмо словом «да» или «нет» (по-казахски «иә» или «жоқ») в начале. Приложенные к ответу фотографии добавятся к проблеме.
mail-reply-how-for-coordinator = Ответ на это письмо сохранится как внутренняя заметка к проблеме, видимая только координаторам и наблюдателям.
mail-reply-received-subject = { $reference }: ваш ответ получен
mail-reply-received-intro = Ваш ответ получен. В { $at } он будет { $what }; вот текст, который мы сохранили:
mail-reply-received-undo = Передумали? Отмените до этого времени:
mail-reply-received-undo-button = Отменить мой ответ
mail-reply-received-photos = { $count ->
    [one] К нему будет добавлена { $count } фотография.
    [few] К нему будут добавлены { $count } фотографии.
   *[many] К нему будут добавлены { $count } фотографий.
}
mail-reply-received-left-out = { $count ->
    [one] { $count } вложение не принято
    [few] { $count } вложения не приняты
   *[many] { $count } вложений не принято
}: мы принимаем фотографии JPEG, PNG и WebP, не более { $max } к одной проблеме от каждой стороны.
mail-reply-received-comment = опубликован как комментарий
mail-reply-received-acknowledge = принят как «принято»
mail-reply-received-start = принят как «в работе»
mail-reply-received-resolve = принят как «решено»
mail-reply-received-reject = принят как «отклонено»
mail-reply-received-ask-citizen = отправлен гражданину как вопрос
mail-reply-received-answer = передан депутату как ваш ответ
mail-reply-received-fixed = записан как «да, исправлено»
mail-reply-received-not-fixed = записан как «нет, не исправлено»
mail-reply-received-note = сохранён как внутренняя заметка
mail-reply-refused-subject = Ваш ответ не принят
mail-reply-refused-intro = Мы не смогли принять ваш ответ по почте
mail-reply-refused-unknown-token = Он отправлен не на наш адрес для ответов. Пожалуйста, воспользуйтесь ссылками из нашего письма.
mail-reply-refused-expired = Письмо, на которое вы ответили, слишком старое для ответа по почте. Пожалуйста, воспользуйтесь ссылками из более нового письма.
mail-reply-refused-wrong-sender = Он пришёл с другого адреса, чем тот, на который было отправлено наше письмо. Пожалуйста, ответьте с того адреса.
mail-reply-refused-not-theirs = Эта проблема больше не ваша (её передали другому или закрыли).
mail-reply-refused-empty = Мы не нашли в нём текста над цитатой письма.
mail-reply-refused-nothing-to-answer = Сейчас по этой проблеме ничего не ждёт вашего ответа.
mail-reply-refused-failed = К моменту исполнения вашего ответа проблема изменилась, и действие больше невозможно. Пожалуйста, откройте страницу проблемы.
replies-undo-title = Отмена ответа
replies-undo-intro = Ваш ответ будет исполнен в { $at }, если вы не отмените его сейчас:
replies-undo-button = Отменить мой ответ
replies-undone = Ваш ответ отменён: ничего из него не опубликовано.
replies-too-late = Этот ответ уже нельзя отменить: он уже исполнен или был отменён раньше.

mail-fix-check-subject = { $reference }: проблема устранена?
mail-fix-check-intro = Несколько дней назад представитель сообщил, что проблема решена. Она действительно устранена?
mail-fix-check-yes = Да, устранена
mail-fix-check-no = Нет, не устранена
mail-fix-check-close =
    { $days ->
        [one] Если мы не получим от Вас ответа за { $days } день, проблема будет закрыта с отметкой «нет ответа».
        [few] Если мы не получим от Вас ответа за { $days } дня, проблема будет закрыта с отметкой «нет ответа».
        [many] Если мы не получим от Вас ответа за { $days } дней, проблема будет закрыта с отметкой «нет ответа».
       *[other] Если мы не получим от Вас ответа за { $days } дня, проблема будет закрыта с отметкой «нет ответа».
    }

## mail.confirm_problem
mail-confirm-problem-subject = Пожалуйста, подтвердите Вашу проблему { $reference }
mail-confirm-problem-intro = Этот адрес был указан при подаче проблемы — вероятно, Вами. Проблема будет опубликована, только если Вы её подтвердите.
mail-confirm-problem-quoted = Название в том виде, в каком его написали:
mail-confirm-problem-action = Перейдите по ссылке, чтобы подтвердить её; только после этого она будет опубликована и передана представителю:
mail-confirm-problem-not-you = Если Вы не сообщали об этой проблеме, просто проигнорируйте письмо: ничего не будет опубликовано, а Ваш адрес будет удалён вместе с ней.
mail-confirm-problem-button = Подтвердить проблему
mail-confirm-problem-tracking = Сохраните эту личную ссылку: по ней можно следить за проблемой, отвечать на вопросы и сообщить нам, устранена ли она:
mail-confirm-problem-expiry =
    { $days ->
        [one] Неподтверждённые проблемы удаляются через { $days } день.
        [few] Неподтверждённые проблемы удаляются через { $days } дня.
        [many] Неподтверждённые проблемы удаляются через { $days } дней.
       *[other] Неподтверждённые проблемы удаляются через { $days } дня.
    }

## mail.status_update
mail-status-update-subject = { $reference }: { $status }
mail-status-update-status = Статус
mail-status-update-follow = Следите за Вашей проблемой:
mail-status-update-follow-button = Следить за проблемой
mail-status-update-answer-here = Ответьте на вопрос здесь:
mail-status-update-answer-button = Ответить на вопрос
mail-status-update-verdict-here = Сообщите нам, действительно ли проблема устранена:
mail-status-update-verdict-button = Проблема действительно устранена?
mail-status-update-route = Ваша проблема подтверждена и опубликована. Ответственный представитель: { $rep }.
mail-status-update-triage = Ваша проблема подтверждена и опубликована. Координатор назначит её представителю.
mail-status-update-assign = Ваша проблема назначена представителю. Теперь ответственный: { $rep }.
mail-status-update-acknowledge = Ваша проблема принята к рассмотрению (представитель: { $rep }).
mail-status-update-start = Началась работа по Вашей проблеме (представитель: { $rep }).
mail-status-update-ask-citizen = Представитель { $rep } задаёт Вам вопрос:
mail-status-update-resolve = Представитель { $rep } сообщает, что Ваша проблема решена:
mail-status-update-reject = Ваша проблема отклонена (представитель: { $rep }). Её рассмотрит координатор. Причина:
mail-status-update-close = Ваша проблема закрыта координатором. Причина:
mail-status-update-mark-duplicate = Ваша проблема объединена с другим сообщением о той же проблеме; Вы будете получать новости по нему.
mail-status-update-withdraw = Эта проблема отозвана гражданином, который её подал, и теперь закрыта.

## mail.assigned
mail-assigned-subject = Новая проблема для Вас: { $reference } { $title }
mail-assigned-greeting = Здравствуйте, { $name }!
mail-assigned-intro = Вам назначена проблема гражданина.
mail-assigned-deadlines = Пожалуйста, примите её к рассмотрению до { $ack } и решите до { $resolve }.
mail-assigned-open = Откройте её в Вашем кабинете:
mail-assigned-button = Открыть в кабинете

## mail.triage
mail-triage-subject = Нужен разбор: { $reference }, { $region }
mail-triage-unrouted = Ни одно правило распределения не подходит для этой проблемы; пожалуйста, назначьте её.
mail-triage-rejected = Представитель отклонил эту проблему; пожалуйста, назначьте её другому или закройте.
mail-triage-reassign-requested = Представитель просит переназначить эту проблему.
mail-triage-button = Открыть проблему
mail-triage-queue = Очередь разбора:

## mail.representative_update
mail-representative-update-subject = Новости по проблеме { $reference } { $title }
mail-representative-update-answer = Гражданин ответил на Ваш вопрос:
mail-representative-update-fixed = Гражданин подтвердил, что проблема устранена. Спасибо.
mail-representative-update-not-fixed = Гражданин сообщает, что проблема НЕ устранена; она открыта повторно и возвращена Вам.
mail-representative-update-resolve-by = Новый срок решения: { $when }

## mail.login_link
mail-login-link-subject = Ссылка для входа: { $org }
mail-login-link-intro =
    { $minutes ->
        [one] Перейдите по этой ссылке, чтобы войти. Она действует { $minutes } минуту и только один раз.
        [few] Перейдите по этой ссылке, чтобы войти. Она действует { $minutes } минуты и только один раз.
        [many] Перейдите по этой ссылке, чтобы войти. Она действует { $minutes } минут и только один раз.
       *[other] Перейдите по этой ссылке, чтобы войти. Она действует { $minutes } минуты и только один раз.
    }
mail-login-link-button = Войти
mail-login-link-ignore = Если Вы не запрашивали ссылку, просто проигнорируйте письмо.

## categories
categories-heading = Категории и сроки
categories-intro = Сроки отсчитываются с момента назначения проблемы: время на принятие к рассмотрению и время на решение. Для категорий по выборам сроки считаются в часах.
categories-code = Код
categories-names = Названия
categories-acknowledge = Принять в течение
categories-resolve = Решить в течение
categories-active = Активна
categories-save = Сохранить

## categories (descriptions)
categories-descriptions = Описания
categories-description = Описание
categories-description-hint = Одно предложение о том, что относится к категории. Его показывают форма обращения и Open311.
categories-description-too-long =
    { $max ->
        [one] не длиннее { $max } символа
       *[other] не длиннее { $max } символов
    }
form-category-help = Что относится к каждой категории
open311-notice = Представитель примет обращение в течение { $acknowledge } и решит его в течение { $resolve }.
open311-deadline-hours =
    { $count ->
        [one] { $count } часа
       *[other] { $count } часов
    }
open311-deadline-working-days =
    { $count ->
        [one] { $count } рабочего дня
       *[other] { $count } рабочих дней
    }
open311-deadline-calendar-days =
    { $count ->
        [one] { $count } дня
       *[other] { $count } дней
    }
open311-region = Область или город
open311-region-hint = Одна из 20 областей и городов Казахстана (ISO 3166-2). Если не указана, определяется по lat и long.
open311-title = Краткий заголовок; по умолчанию первое предложение описания
open311-title-hint = От 5 до 200 символов

## unit
unit-hours = часы
unit-calendar-days = календарные дни
unit-working-days = рабочие дни

## formats (src/locale.rs): дата с названием месяца; «N дней»; сколько подождать
date = { $day } { $month ->
        [1] января
        [2] февраля
        [3] марта
        [4] апреля
        [5] мая
        [6] июня
        [7] июля
        [8] августа
        [9] сентября
        [10] октября
        [11] ноября
       *[12] декабря
    } { $year }
date-weekday = { $weekday ->
        [1] понедельник
        [2] вторник
        [3] среда
        [4] четверг
        [5] пятница
        [6] суббота
       *[7] воскресенье
    }, { $date }
days-n =
    { $count ->
        [one] { $n } день
        [few] { $n } дня
        [many] { $n } дней
       *[other] { $n } дня
    }
wait-seconds =
    { $count ->
        [one] { $count } секунду
        [few] { $count } секунды
        [many] { $count } секунд
       *[other] { $count } секунды
    }
wait-minutes =
    { $count ->
        [one] { $count } минуту
        [few] { $count } минуты
        [many] { $count } минут
       *[other] { $count } минуты
    }

## feeds (src/http/pages/feeds.rs)
feed-title = { $org }: проблемы граждан
feed-ledger-title = { $org }: контрольные точки публичного реестра
feed-ledger-entry = Контрольная точка за { $day }: { $head }

## timeline: что сама система пишет в истории проблемы (src/domain/event_note.rs)
actor-citizen = гражданин
actor-system = система
event-routed = Передана представителю { $representative } по правилу распределения № { $rule }.
event-unrouted = Ни одно правило распределения не подходит к этому региону и категории; координаторы назначат представителя вручную.
event-assigned = Координатор назначил представителя: { $representative }.
event-duplicate = Дубликат проблемы { $original }.
event-overdue-acknowledge = Пропущен срок принятия: { $due }.
event-overdue-resolve = Пропущен срок решения: { $due }.
event-escalated-acknowledge =
    { $days ->
        [one] Передана координаторам региона: срок принятия пропущен на { $days } день.
        [few] Передана координаторам региона: срок принятия пропущен на { $days } дня.
        [many] Передана координаторам региона: срок принятия пропущен на { $days } дней.
       *[other] Передана координаторам региона: срок принятия пропущен на { $days } дня.
    }
event-escalated-resolve =
    { $days ->
        [one] Передана координаторам региона: срок решения пропущен на { $days } день.
        [few] Передана координаторам региона: срок решения пропущен на { $days } дня.
        [many] Передана координаторам региона: срок решения пропущен на { $days } дней.
       *[other] Передана координаторам региона: срок решения пропущен на { $days } дня.
    }
event-asked-fixed-by-mail = Гражданина спросили, действительно ли проблема устранена.
event-asked-fixed-on-page = Гражданин может ответить на странице отслеживания, действительно ли проблема устранена.
event-closed-no-answer =
    { $days ->
        [one] Закрыта: за { $days } день гражданин не ответил, устранена ли проблема.
        [few] Закрыта: за { $days } дня гражданин не ответил, устранена ли проблема.
        [many] Закрыта: за { $days } дней гражданин не ответил, устранена ли проблема.
       *[other] Закрыта: за { $days } дня гражданин не ответил, устранена ли проблема.
    }

## sweep (issue 14)
event-contact-erased = Гражданин удалил свои контактные данные.
# Фильтры списка проблем, которых нет в его форме (с ними ссылаются панели).
list-filter-status = Статусы
list-filter-verdict = Оценка гражданина
list-filter-representative = Представитель (номер)
list-filter-overdue = Просрочена
list-filter-escalated = Передана координаторам
list-filter-received-from = Поступила с
list-filter-received-to = Поступила по
list-filter-acknowledged-from = Принята с
list-filter-acknowledged-to = Принята по
list-filter-resolved-from = Решена с
list-filter-resolved-to = Решена по
list-filter-closed-from = Закрыта с
list-filter-closed-to = Закрыта по
list-filter-due-from = Срок с
list-filter-due-to = Срок по

## jobs' figures (src/jobs/summary.rs): что сделал запуск задания, на /admin/jobs
jobs-figure-checked = проверено: { $count }
jobs-figure-reminded = напоминаний: { $count }
jobs-figure-overdue = просрочено: { $count }
jobs-figure-escalated = передано координаторам: { $count }
jobs-figure-mails =
    { $count ->
        [one] { $count } письмо
        [few] { $count } письма
        [many] { $count } писем
       *[other] { $count } письма
    }
jobs-figure-asked = спрошено граждан: { $count }
jobs-figure-closed-no-answer = закрыто без ответа: { $count }
jobs-figure-recipients = получателей: { $count }
jobs-figure-queued = поставлено в очередь: { $count }
jobs-figure-already-sent = уже отправлено: { $count }
jobs-figure-forced = отправлено повторно: { $count }
jobs-figure-purged = удалено неподтверждённых проблем: { $count }
jobs-figure-photos-removed = удалено фото: { $count }
jobs-figure-contacts-erased = стёрты контакты закрытых проблем: { $count }
jobs-figure-replies-forgotten = удалено старых записей об ответах по почте: { $count }
jobs-figure-ledger-seq = состояние реестра: запись { $count }
jobs-figure-checkpoints-new = новых контрольных точек: { $count }
jobs-figure-applied = исполнено: { $count }
jobs-figure-sent = отправлено: { $count }
jobs-figure-failed = с ошибкой: { $count }
jobs-figure-dead = не доставлено окончательно: { $count }
jobs-figure-unreachable = { $count ->
       *[other] почтовый сервер недоступен
    }
