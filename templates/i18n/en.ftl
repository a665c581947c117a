# Civic Tracker, English. Message ids are the template keys with '.' and '_' written as '-'
# (t("mail.support_confirm.subject") is mail-support-confirm-subject). Placeables are
# { $name }; counts select their plural form: { $count -> [one] ... *[other] ... }.


## site
site-title = Civic Tracker
site-footer = Run by { $org }. Problems are handed to members of { $party } and followed in public until they are solved.

## nav
nav-users = Users
nav-account = Account
nav-jobs = Jobs
nav-mail = Mail
nav-access-log = Access log
nav-holidays = Holidays
nav-problems = Problems
nav-report = Report a problem
nav-dashboard = Dashboard
nav-workspace = My problems
nav-triage = Triage
nav-representatives = Representatives
nav-rules = Routing rules
nav-categories = Categories
nav-login = Sign in
nav-logout = Sign out

## home
home-most-supported = Most supported open problems
home-supporters = supported by { $count }
home-more = All, most supported first
home-no-supported = No open problem has supporters yet.
home-recently-resolved = Recently resolved
home-no-resolved = Nothing resolved yet.
home-confirmed = Citizens confirmed { $share } of the resolutions they judged in the last 30 days ({ $fixed } of { $judged }): "resolved" as the representative says, "fixed" as the citizen says.
home-confirmed-none = No citizen has judged a resolution in the last 30 days yet.
home-heading = Public control of citizens' problems
home-intro = Tell us about a problem in your town or region. { $org } hands it to the responsible representative of { $party }, and everyone can follow in public whether it gets solved.
home-latest = Latest problems
home-all = All { $total } problems
home-counting = The figures are being counted; they will appear here in a moment.
home-all-estimated = All problems (about { $total })
home-empty = No problems have been published yet.

## dash
dash-heading = Dashboard
dash-regions = Regions
dash-representatives = Representatives' league table
dash-categories = Categories
dash-overdue = Overdue problems
dash-overview = Overview
dash-period = Period
dash-days = last { $days } days
dash-custom = Custom range
dash-from = From
dash-to = To
dash-show = Show
dash-all = All
dash-as-of = Figures as of { $time }; they are recounted in the background as new events arrive.
dash-api = These figures as JSON
dash-received = Received
dash-open = Open now
dash-overdue-now = Overdue now
dash-resolved = Resolved
dash-fixed = Confirmed fixed by citizens
dash-before = { $n } in the period before
dash-ack-days = Days to acknowledge
dash-resolve-days = Days to resolve
dash-median = median
dash-p90 = 90th percentile
dash-of-n = over { $count }
dash-confirmed-share = Confirmed share
dash-confirmed-help = Of the citizens' verdicts in the period, the share that said "fixed": "resolved" is what the representative says, "fixed" is what the citizen says.
dash-on-time = On-time rate
dash-on-time-help = Of the { $due } problems whose resolve-by deadline fell in the period and has passed: on time if resolved by then; late ({ $late }) if resolved after it or still not resolved.
dash-reopened-share = Reopened share
dash-chart-flow = Received and resolved
dash-chart-age = Open problems by age
dash-worst = Most overdue representatives
dash-whole-table = The whole league table
dash-oldest = Longest overdue
dash-all-overdue = All overdue problems
dash-supported = Most supported open problems
dash-none = Nothing in these filters.
dash-name = Name
dash-region = Region
dash-category = Category
dash-representative = Representative
dash-age = Age (days)
dash-overdue-for = Overdue for (days)
dash-escalation = Escalated
dash-yes = yes
dash-no = no
dash-median-ack = Median days to acknowledge
dash-median-resolve = Median days to resolve
dash-overdue-share = Overdue share
dash-map-help = Each tile is a region; the darker, the larger the share of its open problems that are overdue. Tiles link to the region's overview.
dash-sort-help = Click a column heading to sort, worst first.
dash-general = General problems
dash-election = Election violations
dash-group-total = All { $group }
dash-count =
    { $count ->
        [one] { $count } overdue problem
       *[other] { $count } overdue problems
    }
dash-as-list = Open these as a problem list
dash-trend = Trend
dash-open-problems = Open problems ({ $count })
dash-inactive = No longer active
dash-definitions = Durations are elapsed time from assignment, counted to the hour and shown in days to one decimal. Counts are events in the period; open and overdue are counted now.

## dashboards (charts)
dash-chart-flow-day = Received and resolved per day
dash-chart-flow-week = Received and resolved per week
dash-tip-received =
    { $count ->
        [one] { $day }: { $count } problem received
       *[other] { $day }: { $count } problems received
    }
dash-tip-resolved =
    { $count ->
        [one] { $day }: { $count } problem resolved
       *[other] { $day }: { $count } problems resolved
    }
dash-tip-open =
    { $count ->
        [one] { $band }: { $count } open problem
       *[other] { $band }: { $count } open problems
    }
dash-band-under-7-days = under 7 days
dash-band-7-to-30-days = 7–30 days
dash-band-30-to-90-days = 30–90 days
dash-band-90-to-365-days = 90–365 days
dash-band-over-365-days = over a year
dash-map-title = Share of open problems that are overdue, by region
dash-tip-region = { $region }: { $share } of open problems overdue
dash-tip-region-none = { $region }: no open problems
dash-escalated-n = { $count } escalated
dash-reopened-n = { $count } reopened by citizens
dash-tile-kz-10 = Abai
dash-tile-kz-11 = Akmola
dash-tile-kz-15 = Aktobe
dash-tile-kz-19 = Almaty reg.
dash-tile-kz-23 = Atyrau
dash-tile-kz-27 = W. Kazakh.
dash-tile-kz-31 = Jambyl
dash-tile-kz-33 = Jetisu
dash-tile-kz-35 = Karaganda
dash-tile-kz-39 = Kostanay
dash-tile-kz-43 = Kyzylorda
dash-tile-kz-47 = Mangystau
dash-tile-kz-55 = Pavlodar
dash-tile-kz-59 = N. Kazakh.
dash-tile-kz-61 = Turkistan
dash-tile-kz-62 = Ulytau
dash-tile-kz-63 = E. Kazakh.
dash-tile-kz-71 = Astana
dash-tile-kz-75 = Almaty
dash-tile-kz-79 = Shymkent

## list
list-more = Also filtered by
list-clear = Clear all filters
list-sort = Order
list-sort-newest = Newest first
list-sort-support = Most supported first
list-supporters = Supporters
list-search = Search
list-search-hint = Words of the title, description or address; the most relevant first
list-count-more =
    { $total ->
        [one] More than { $total } problem
       *[other] More than { $total } problems
    }
list-heading = Problems
list-all = All
list-filter = Filter
list-count =
    { $total ->
        [one] { $total } problem
       *[other] { $total } problems
    }
list-empty = No problems match these filters.
list-count-estimated = about { $total } problems (estimated)

## pager
pager-previous = Previous
pager-next = Next
pager-first = First page
pager-page = Page { $page } of { $pages }

## problem
problem-overdue = Overdue: a deadline has passed.
problem-escalated = Overdue and escalated to the region's coordinators.
problem-reference = No.
problem-title = Problem
problem-region = Region
problem-category = Category
problem-status = Status
problem-representative = Representative
problem-unassigned = Not yet assigned
problem-address = Address
problem-location = Location
problem-filed = Filed { $when }
problem-responsible = Responsible representative
problem-why-here = Why here
problem-acknowledge-by = Acknowledge by
problem-resolve-by = Resolve by
problem-duplicate-of = Duplicate of
problem-timeline = Timeline
problem-internal-note = Internal note
problem-ledger-heading = Public record
problem-ledger-intro = Every public event of this problem is an entry in the public ledger: a chain of hashes that nobody, operators included, can change unnoticed. Anyone can check each entry and the whole chain.
problem-ledger-entry = Entry { $seq }
problem-ledger-verify = Check this entry
problem-ledger-head = The ledger's current state
problem-ledger-support = Supporters counted
problem-redacted-title = [Text redacted]
problem-redacted = { $field ->
    [title] The title
    [description] The description
    [address] The address
   *[note] The note
} was redacted on { $when }. Reason: { $reason }
problem-ledger-redaction = Redaction
problem-redact-heading = Redact a text
problem-redact-intro = For personal data a citizen asked to have removed, or unlawful content. The text disappears from every page, export and feed; the public record keeps its hash and says when and why it was redacted.
problem-redact-entry = Entry
problem-redact-field = Text
problem-redact-field-name = { $field ->
    [title] Title
    [description] Description
    [address] Address
   *[note] Note
}
problem-redact-reason = Reason (shown to everyone)
problem-redact-button = Redact

## status
status-unconfirmed = Unconfirmed
status-new = New
status-assigned = Assigned
status-acknowledged = Acknowledged
status-in-progress = In progress
status-resolved = Resolved
status-closed = Closed
status-reopened = Reopened
status-rejected = Rejected
status-duplicate = Duplicate

## verdict
verdict-fixed = Confirmed fixed by the citizen
verdict-not-fixed = The citizen said it was not fixed
verdict-no-answer = Closed without the citizen's answer
verdict-closed-by-coordinator = Closed by a coordinator
verdict-withdrawn = Withdrawn by the citizen who filed it

## action
action-submit = Submitted
action-confirm = Confirmed by e-mail
action-route = Routed
action-return-to-triage = Returned to triage
action-acknowledge = Acknowledged
action-start = Work started
action-comment = Comment
action-ask-citizen = Question to the citizen
action-answer-question = The citizen's answer
action-resolve = Resolved
action-reject = Rejected
action-request-reassign = Reassignment requested
action-assign = Assigned by a coordinator
action-mark-duplicate = Marked as duplicate
action-close = Closed
action-confirm-fixed = The citizen confirmed the fix
action-report-not-fixed = The citizen said it is not fixed
action-withdraw = Withdrawn by the citizen
action-erase-contact = Contact details erased
action-close-no-answer = Closed: the citizen did not answer
action-mark-overdue = Deadline missed
action-escalate = Escalated to the region's coordinators
action-ask-fixed = The citizen was asked whether it is fixed
action-note = Internal note (coordinator)

## do: the workspace offers actions by what they do (imperative)
do-acknowledge = Acknowledge
do-start = Start work
do-comment = Add a comment
do-ask-citizen = Ask the citizen a question
do-resolve = Mark as resolved
do-reject = Reject (not for this representative)
do-request-reassign = Ask for reassignment
do-assign = Assign
do-mark-duplicate = Mark as a duplicate
do-close = Close

## form
form-honeypot = Leave this field empty
form-heading = Report a problem
form-intro = No account needed. We will e-mail you a link to confirm the problem; only then is it published and sent to a representative.
form-has-errors = Please correct the fields marked below.
form-title = Short title
form-title-hint = (5–200 characters)
form-similar-heading = Similar open problems
form-similar-intro = Perhaps your problem has already been reported. If so, support it instead of reporting it again: one problem with many supporters carries more weight.
form-similar-supporters =
    { $count ->
        [one] supported by { $count } person
       *[other] supported by { $count } people
    }
form-similar-support = Support this problem instead
form-description = What is the problem?
form-description-hint = (20–5,000 characters: where, since when, who is affected)
form-category = Category
form-region = Region or city
form-choose = Choose…
form-election = Elections
form-address = Address
form-latitude = Latitude
form-longitude = Longitude
form-optional = (optional)
form-email = E-mail
form-email-hint = (private: for confirmation and updates, never published)
form-display-name = Your name
form-anonymous = Do not show my name publicly
form-consent = I agree that { $org } processes my e-mail address and name to handle this problem. They are never published.
form-consent-version = (consent text of { $version }; you can erase your details later from your private tracking page)
form-submit = Send

## submitted
submitted-title = Check your e-mail
submitted-body = We have sent you a link. Your problem is published and sent to a representative as soon as you follow it. The same e-mail has a private link to follow your problem.

## track
track-private = This is your private page for this problem. Do not share its address.
track-public-page = public page
track-question = The representative asked you a question
track-your-answer = Your answer (it will be published as a comment)
track-send-answer = Send answer
track-is-fixed = Has this really been fixed?
track-yes = Yes, it is fixed
track-no = No, it is not fixed
track-not-fixed-why = What is still wrong?
track-not-fixed-hint = (optional; published with the problem and sent to the representative)
track-confirm-yes = You answered that it is fixed. Press the button to confirm: the problem will be closed as fixed.
track-confirm-no = You answered that it is not fixed. Press the button to confirm: the problem will be reopened for the representative.
track-change-answer = Show both answers
track-withdraw-heading = Withdraw your problem
track-withdraw-text = No representative has taken your problem yet. If you no longer need it handled, you can withdraw it: it is closed, and stays on the public list marked as withdrawn by you. This cannot be undone.
track-withdraw-button = Withdraw my problem
track-privacy-heading = Your contact details
track-erase-text = We keep your e-mail address and name only to send you news of this problem. You can have them erased now: the problem stays public, without your name, and is still handled, but we can no longer e-mail you. This page keeps working: keep its address to follow your problem, answer questions and say whether it is fixed. This cannot be undone.
track-retention = Otherwise they are erased { $days } days after the problem is closed.
track-erase-button = Erase my contact details
track-erased-on = Your contact details were erased on { $when }. Nothing we keep can reach or name you. This page keeps working: keep its address to follow your problem.

## flash: one-time messages after an action (src/http/flash.rs)
flash-track-confirmed = Thank you: your problem is confirmed and published.
flash-track-already = This problem was already confirmed.
flash-track-answered = Thank you: your answer was sent to the representative.
flash-track-fixed = Thank you: the problem is closed as fixed.
flash-track-reopened = Thank you: the problem is reopened and back with the representative.
flash-track-withdrawn = Your problem is withdrawn and closed. It stays on the public list, marked as withdrawn by you.
flash-track-erased = Your contact details are erased. This page keeps working: keep its address to follow your problem.
flash-support-confirmed = Thank you: your support is counted.
flash-saved = Saved.
flash-revoked = Revoked: { $count }.
flash-imported = Imported: { $created } created, { $updated } updated, { $rules } routing rules.
flash-representative-saved = Representative saved.
flash-representative-deactivated = Representative deactivated. Their open problems were routed again.
flash-rule-added = Routing rule added.
flash-rule-deleted = Routing rule deleted.
flash-category-saved = Category saved.
flash-mail-retried = The mail is queued to be sent again.
flash-holiday-added = Day added to the calendar.
flash-holiday-deleted = Day removed from the calendar.
flash-signed-in = You are signed in.
flash-signed-out = You are signed out.
flash-signed-out-everywhere = You are signed out on every device.
flash-action-acknowledge = { $told ->
    [1] Acknowledged. The citizen has been told.
   *[0] Acknowledged.
}
flash-action-start = { $told ->
    [1] Work started. The citizen has been told.
   *[0] Work started.
}
flash-action-comment = Comment added.
flash-action-ask-citizen = { $told ->
    [1] Question sent to the citizen. The deadlines wait until they answer.
   *[0] Question recorded. The citizen's contact details are erased, so no e-mail went out: they see it on their tracking page.
}
flash-action-resolve = { $told ->
    [1] Marked as resolved. The citizen has been asked whether it is really fixed.
   *[0] Marked as resolved.
}
flash-action-reject = { $told ->
    [1] Rejected. The problem went back to the region's coordinators, and the citizen has been told.
   *[0] Rejected. The problem went back to the region's coordinators.
}
flash-action-request-reassign = Reassignment requested. The region's coordinators have been told.
flash-action-assign = { $told ->
    [1] Assigned. The representative and the citizen have been told.
   *[0] Assigned. The representative has been told.
}
flash-action-mark-duplicate = { $told ->
    [1] Marked as a duplicate. The citizen has been told.
   *[0] Marked as a duplicate.
}
flash-action-close = { $told ->
    [1] Closed. The citizen has been told.
   *[0] Closed.
}

## role
role-admin = admin
role-coordinator = coordinator
role-representative = representative
role-monitor = monitor

## users
users-heading = Users and their access
users-intro = Open sessions and API tokens of every user. Revoking signs the user out everywhere and invalidates their tokens and unused sign-in links; they can sign in again with a new link.
users-user = User
users-sessions = Open sessions
users-tokens = API tokens and Open311 keys
users-last-seen = last active { $time }
users-created = created { $time }
users-last-used = last used { $time }
users-never-used = never used
users-revoke = Revoke sessions and tokens

## account
account-heading = Your account
account-sessions-heading = Sessions
account-sessions-intro = Lost a phone, or signed in on a shared computer? Sign out on every device at once.
account-sign-out-everywhere = Sign out everywhere
account-signed-in-as = Signed in as { $email }.
account-no-digests = Monitors receive no digests; the public pages and dashboards show the same figures.
account-digests-staff = Digest e-mails about your regions
account-digests-representative = Weekly summary of your open problems and deadlines
account-choice-daily = Daily (every morning at 08:00)
account-choice-weekly = Weekly (Monday mornings)
account-choice-both = Daily and weekly
account-choice-none = None
account-choice-rep-weekly = Yes, every Monday morning
account-choice-rep-none = No
account-save = Save
account-language = Language of your e-mails and digests

## jobs
jobs-heading = Scheduled jobs
jobs-intro = Times in { $timezone }. Each job runs in one process at a time; a run missed while the service was down runs once when it starts.
jobs-name = Job
jobs-schedule = Schedule
jobs-last-run = Last run
jobs-duration = Duration
jobs-outcome = Outcome
jobs-next-run = Next run
jobs-off = off
jobs-running = running now
jobs-outcome-ok = ok
jobs-outcome-error = error
jobs-cli = Run a job by hand: civic-tracker jobs run NAME [--at TIME] [--force].

## mailpage
mailpage-heading = Undelivered mail
mailpage-intro = Mail the server refused for good, or that failed 8 times, is dead-lettered here; mail that is still being retried is listed too. A retry starts its attempts afresh.
mailpage-recipient = To
mailpage-kind = Kind
mailpage-state = State
mailpage-attempts = Attempts
mailpage-error = Last error
mailpage-state-dead = dead
mailpage-state-pending = retrying
mailpage-next = next try { $when }
mailpage-retry = Retry
mailpage-none = All mail has been delivered.

## accesslog
accesslog-heading = Access log
accesslog-intro = Every time a member of staff was shown a citizen's contact details, newest first. The log names the fields shown, never their values.
accesslog-when = When
accesslog-who = Who
accesslog-problem = Problem
accesslog-shown = Shown
accesslog-place = Where
accesslog-command-line = command line
accesslog-none = Nobody has been shown a citizen's contact details yet.

## accesslog.field
accesslog-field-email = e-mail
accesslog-field-name = name
accesslog-field-phone = phone
accesslog-field-device-id = device id
accesslog-field-account-id = account id

## accesslog.at
accesslog-at-problem-page = problem page
accesslog-at-mail-page = undelivered mail page
accesslog-at-export = personal-data export

## holidays
holidays-heading = Public holidays
holidays-intro = Working-day deadlines skip weekends and these days. Fixed-date holidays repeat every year; add movable ones (Kurban Ait) and official transfers (a day off, and the weekend day worked instead) for each year.
holidays-date = Date
holidays-name = Name
holidays-kind = Kind
holidays-kind-day-off = day off
holidays-kind-working-day = working day (transfer)
holidays-every-year = Every year on this date
holidays-every-year-prefix = every year
holidays-delete = Remove
holidays-add = Add a day
holidays-save = Add

## confirm
confirm-heading = Confirm your problem
confirm-intro = Press the button to confirm the problem you reported. It is then published and sent to the representative responsible.
confirm-button = Confirm and publish

## support
support-heading = I have this problem too
support-confirm-heading = Confirm your support
support-confirm-intro = Press the button to confirm that you have this problem too. Only then is your support counted.
support-confirm-button = Confirm my support
support-count = People who have this problem too: { $count }.
support-none = Nobody has said they have this problem too yet.
support-intro = Add your support: we count it once you confirm by e-mail. Your address is never shown.
support-email = Your e-mail
support-notify = Tell me when its status changes
support-consent = I agree to the processing of my e-mail address for this purpose
support-button = I have this problem too
support-back = Back to the problem
support-sent-title = Check your e-mail
support-sent-body = Unless this address already supports the problem, a confirmation link is on its way. Your support counts once you follow it.
support-stop-heading = Stop updates
support-stop-ask = Stop e-mails about this problem? Your support still counts.
support-stop-button = Stop updates
support-stop-done = You will receive no more updates about this problem.

## unsubscribe
unsubscribe-heading = Unsubscribe
unsubscribe-ask-daily = Stop sending you the daily digest?
unsubscribe-ask-weekly = Stop sending you the weekly digest or summary?
unsubscribe-button = Unsubscribe
unsubscribe-done-daily = You will no longer receive the daily digest.
unsubscribe-done-weekly = You will no longer receive the weekly digest or summary.
unsubscribe-settings = Digest settings

## observers' workspace and stations (issue 20)
observers-filed-by-named = Filed by accredited observer { $name }.
observers-observed-at = Observed at { $time }.
observers-workspace-title = Observer's workspace
observers-workspace-intro = File what you see at the polling station. Your report is published at once, marked as filed by an accredited observer. Your name is shown only if you tick the box.
observers-workspace-scope-stations = Your polling stations: { $stations }
observers-workspace-no-election = No election is on in the regions you observe. The form opens when a campaign starts.
observers-election = Election
observers-station = Polling station
observers-station-choose = Choose your station
observers-region = Region
observers-region-hint = (taken from the station when you name one)
observers-category = What happened
observers-observed-at-label = When you saw it (local time)
observers-observed-at-hint = (now by default; not in the future, not before the campaign)
observers-show-name = Show my name on the report
observers-file-button = File the report
observers-recent = Your latest reports
observers-recent-none = You have not filed a report yet.
flash-observer-filed = Your report is filed and published.
error-field-outside-observer-stations = is not one of the polling stations you observe
error-field-observed-at-format = must be a date and time such as 2026-12-20T09:10:00+05:00
error-field-observed-at-future = cannot be in the future
error-field-observed-at-before-campaign = cannot be before the election campaign began
error-field-observers-only = is for accredited observers' reports only
error-field-observer-stations-format = must be ELECTION:NUMBER pairs separated by commas (not { $item })
error-field-stations-for-observers = only observers are scoped to polling stations
error-field-observer-station-unknown = election { $election } has no polling station { $number }
error-forbidden-outside-observer-stations = you observe other polling stations than this report's
error-label-observed-at = Time of observation
error-label-show-name = Show my name
error-label-stations = Polling stations
users-observer-stations = Stations (ELECTION:NUMBER, comma-separated; empty: the regions decide)
users-observer-stations-save = Save stations
flash-observer-stations-saved = The observer’s stations are saved.

## login
login-heading = Sign in
login-intro = Representatives, coordinators and monitors sign in with a link sent by e-mail.
login-send = Send me a sign-in link
login-sent-title = Check your e-mail
login-sent-body = If this address belongs to an account, a sign-in link is on its way. It works once, for 30 minutes.
login-continue = Sign in
login-link-used = This sign-in link has already been used or has expired: a link works once, for a limited time.
login-go-on = Go on
login-ask-again = Send me a new sign-in link

## workspace
workspace-heading = My problems
workspace-intro = Problems assigned to { $name }, earliest deadline first.
workspace-age = Age
workspace-days = { $n } days
workspace-empty = No open problems. Well done.
workspace-waiting-citizen = waiting for the citizen's answer
workspace-public-page = public page
workspace-reassign-requested = Reassignment requested
workspace-contact = Citizen's contact (confidential; your view is recorded in the access log)
workspace-contact-erased = The citizen's contact details have been erased: nobody can e-mail them about this problem.
workspace-act = Act on this problem
workspace-action = Action
workspace-note = Note
workspace-note-hint = (public, except for reassignment requests; required to comment, ask, resolve, reject or close)
workspace-assign-to = Assign to
workspace-duplicate-of = Duplicate of (problem number)
workspace-submit = Save

## triage
triage-heading = Triage queue
triage-intro = Problems no rule routed, problems a representative rejected, and reassignment requests.
triage-empty = Nothing waits for triage.

## reps
reps-heading = Representatives
reps-name = Name
reps-position = Position
reps-rules = Routing rules
reps-open = Open
reps-inactive = Inactive
reps-deactivate = Deactivate
reps-add = Add or update a representative
reps-regions = Regions
reps-categories = Categories
reps-codes-hint = (codes separated by ';', or * for any)
reps-own-regions-hint = (codes separated by ';', only your regions)
reps-save = Save
reps-import = Import from CSV
reps-import-hint = Header: name,email,position,regions,categories. Regions and categories: codes separated by ';', or * for any. Rows replace each representative's rules; a bad row stops the whole import.
reps-import-button = Import
reps-import-failed = Nothing was imported

## elections (issue 20)
elections-nav = Elections
elections-heading = Elections
elections-intro = The elections citizens report violations about. Dates and hours are local time; empty dates follow from the voting day.
elections-name = Election
elections-kind = Kind
elections-regions = Regions
elections-dates = Dates
elections-edit = Change
elections-none = No elections yet.
elections-add = Add an election
elections-edit-heading = Change election No. { $id }
elections-save = Save
elections-all-regions = All regions
elections-name-kk = Name in Kazakh
elections-name-ru = Name in Russian
elections-name-en = Name in English
elections-regions-hint = (region codes separated by commas, such as KZ-71,KZ-75; empty: all regions)
elections-voting-day = Voting day
elections-campaign-start = Campaign start
elections-campaign-start-hint = (empty: 60 days before the voting day)
elections-silence-day = Day of silence
elections-silence-day-hint = (empty: the day before the voting day)
elections-polls-open = Polls open
elections-polls-open-hint = (local time; empty: 07:00)
elections-polls-close = Polls close
elections-polls-close-hint = (local time; empty: 20:00)
elections-results-date = Results date
elections-results-date-hint = (empty: 10 days after the voting day)
elections-voting-day-on = voting day { $date }
elections-campaign-from = campaign from { $date }
elections-silence-on = day of silence { $date }
elections-polls = polls open { $open }–{ $close }
elections-results-on = results { $date }
elections-kind-presidential = Presidential election
elections-kind-mazhilis = Mazhilis election
elections-kind-maslikhat = Maslikhat election
elections-kind-akim = Akim election
elections-kind-referendum = Referendum
elections-phase-before-campaign = the campaign has not started
elections-phase-campaign = the campaign is on
elections-phase-silence = day of silence
elections-phase-polls-open = voting day: polls are open
elections-phase-polls-closed = voting day: polls are closed
elections-phase-counting = results are awaited
elections-phase-after-results = results announced
elections-form-notice = Elections are on. Election categories come first in the list: choose one to report a violation.
elections-form-election = Election
elections-form-election-hint = (only for election violations)
elections-form-by-region = The election in your region
elections-form-station = Polling station number
elections-form-station-hint = (required for problems at a polling station)
elections-home-heading = Elections now
elections-home-report = Report a violation
elections-home-stations = Polling stations
elections-problem-election = Election: { $name }
elections-station-number = Polling station No. { $number }
stations-heading = Polling stations: { $name }
stations-search = Station number or words of its address
stations-find = Find
stations-number = Number
stations-address = Address
stations-district = District
stations-location = Coordinates
stations-first = The first { $count } stations are shown; write more of the address to narrow the search.
stations-none = No polling station found.
stations-problems = Reports about this station
stations-no-problems = No reports about this station yet.
stations-report = Report a problem at this station
flash-election-saved = The election has been saved.
error-field-time = must be a time like 07:00
error-field-silence-before-voting = must be before the voting day ({ $date })
error-field-campaign-before-silence = must not be after the day of silence ({ $date })
error-field-results-after-voting = must not be before the voting day ({ $date })
error-field-polls-close-after-open = must be after the polls open ({ $time })
error-field-election-category-only = only election categories belong to an election
error-field-unknown-election = there is no election { $id }
error-field-election-not-in-region = election { $id } does not cover region { $region }
error-field-election-for-station = is required: polling stations are numbered within an election, and no election is on in this region
error-field-station-required = is required for problems at a polling station
error-field-unknown-station = the election has no polling station { $number }
error-field-station-other-region = polling station { $number } is in region { $region }
error-label-election = Election
error-label-polling-station = Polling station
error-label-name-kk = Name in Kazakh
error-label-name-ru = Name in Russian
error-label-name-en = Name in English
error-label-kind = Kind
error-label-regions = Regions
error-label-voting-day = Voting day
error-label-campaign-start = Campaign start
error-label-silence-day = Day of silence
error-label-results-date = Results date
error-label-polls-open = Polls open
error-label-polls-close = Polls close
action-verify = Verification (coordinator or observer)
event-verified = This report was checked and found verified.
event-unverified = This report was checked and could not be verified.
flash-verified = The finding has been recorded on the problem's timeline.
elections-verified-yes = Verified: a coordinator or an accredited observer checked this election report.
elections-verified-no = Not verified: a coordinator or an accredited observer checked this election report and could not confirm it.
elections-verify-heading = Verify this election report
elections-verify-intro = Your finding and your note are public, on the timeline. The status does not change.
elections-verify-finding = Finding
elections-verify-true = Verified
elections-verify-false = Not verified
elections-verify-note = Note (what was checked, and how)
elections-verify-button = Record the finding
error-conflict-not-election-report = only election reports are verified
error-label-verified = Finding

## election figures, feed and Open311 (issue 20)
error-field-election-id = must be an election's id
feed-election-title = { $org }: reports of the election "{ $election }"
feed-verified = Verified
feed-unverified = Not verified
feed-unchecked = Not yet checked
elections-live-feed = Feed of this election's reports (Atom)
open311-polling-station = The number of the polling station the report is about
open311-polling-station-hint = A polling station's number in the election (digits only), e.g. 101

## photos (issue 19: photos as evidence)
photos-heading = Photos
photos-before = Before: the citizen's photos
photos-after = After: the representative's photos
photos-citizen-alt = Photo { $n } of the problem, sent by the citizen
photos-representative-alt = Photo { $n } after the work, sent by the representative
photos-hidden = This photo was hidden: { $reason }
photos-hide-reason = Reason (shown to everyone)
photos-hide-button = Hide this photo
photos-form-label = Photos
photos-form-hint = (optional: up to 5 JPEG, PNG or WebP pictures of at most { $megabytes } MB each; where and when they were taken is removed before they are stored)
photos-workspace-label = Photos "after" (optional; up to 5 per problem in all)
error-field-photo-not-image = must be a JPEG, PNG or WebP picture
error-field-photo-too-large = must be at most { $megabytes } MB per picture
error-field-photo-too-many-pixels = must be a picture of at most { $megapixels } megapixels
error-field-photos-too-many = { $max ->
    [one] at most one photo of each kind per problem
   *[other] at most { $max } photos of each kind per problem
}
error-forbidden-hide-photo = only an admin, or a coordinator of the problem's region, may hide a photo
error-forbidden-photos-assignee-only = only the problem's assigned representative may add photos to it
error-multipart-required = the body must be multipart/form-data
error-label-photos = Photos
error-label-reason = Reason

## elections live (issue 20)
elections-live-link = Live picture
elections-live-counted = Figures as of { $time }; they are recounted every minute.
elections-live-totals = Reports
elections-live-all = All reports
elections-live-verified = Verified violations
elections-live-unverified = Found unverified
elections-live-unchecked = Not yet checked
elections-live-ack-median = Median minutes to acknowledge
elections-live-hours = Reports per hour of the voting day
elections-live-tip-all = { $hour }: { $count ->
    [one] { $count } report
   *[other] { $count } reports
}
elections-live-tip-verified = { $hour }: { $count } verified
elections-live-regions = By region
elections-live-categories = By category
elections-live-stations = Stations with the most reports
elections-live-latest = Latest verified reports
elections-live-none = No reports yet.

## voting day (issue 20): deadlines in minutes while an election's polls are open
event-escalated-acknowledge-minutes =
    { $minutes ->
        [one] Escalated to the region's coordinators: { $minutes } minute past the acknowledge-by deadline.
       *[other] Escalated to the region's coordinators: { $minutes } minutes past the acknowledge-by deadline.
    }
event-escalated-resolve-minutes =
    { $minutes ->
        [one] Escalated to the region's coordinators: { $minutes } minute past the resolve-by deadline.
       *[other] Escalated to the region's coordinators: { $minutes } minutes past the resolve-by deadline.
    }
mail-sla-escalation-line-minutes =
    Representative: { $rep }. The { $deadline } deadline was { $due }, { $minutes ->
        [one] { $minutes } minute ago.
       *[other] { $minutes } minutes ago.
    }
categories-voting-day = Voting day, in minutes
categories-voting-day-hint = While an election's polls are open, its reports are to be acknowledged and resolved within these minutes. Blank: the usual deadline that day too.
categories-voting-day-acknowledge = Acknowledge within (minutes)
categories-voting-day-resolve = Resolve within (minutes)
error-field-voting-day-minutes = Leave it blank, or give whole minutes from 1 to { $max }.

## rules
rules-heading = Routing rules
rules-intro = The most specific matching rule wins: a polling station's district and category, then district, then region and category, then region, then category, then any. A district rule applies to election reports filed at a polling station of that district. Among equal rules the representative with the fewest open problems gets the problem.
rules-empty = No rules yet: every problem goes to the triage queue.
rules-add = Add rule
rules-delete = Delete
rules-any-region = Any region
rules-any-category = Any category
rules-district = District (of polling stations)
rules-district-hint = Optional: the district as the polling stations' list spells it (case does not matter). Needs a region.
rules-any-district = any district
error-field-district-needs-region = a district rule needs its region

## observers (issue 20)
role-observer = observer
observers-filed-by = Filed by an accredited observer.
error-field-observer-election-only = observers file election reports only: choose an election category
error-field-outside-observer-scope = is outside the regions you observe
error-field-observer-election-required = is required: no election is on in this region
error-forbidden-observers-page = this page is for accredited observers

## election report (issue 20)
elections-report-link = Election report
elections-report-title = Election report: { $name }
elections-report-not-yet = The report is published after the results date, { $date }. Until then, the live picture shows the figures as they are.
elections-report-as-of = Figures as of { $time }, public ledger entry { $seq }:
elections-report-frozen = These figures were counted once, after the results date, and do not change: the page can be cited.
elections-report-data = The tables as data:
elections-report-stations = By polling station
elections-report-reps = Representatives' response
elections-report-resolved = Resolved
elections-report-closed-other = Closed without a fix
elections-report-open = Still open
elections-report-fix-median = Median hours to resolve
elections-report-previous = The second row is { $name }, the previous election of the same kind (voting day { $date }).
elections-report-no-previous = There is no earlier election of the same kind to compare with.
elections-report-more-stations = Only the stations with the most reports are listed here; the CSV has every station.
elections-report-rep = Representative
elections-report-assigned = Reports received
elections-report-acknowledged = Acknowledged
mail-election-report-subject = Election report: { $election }
mail-election-report-intro = The report on { $election } (voting day { $date }) is published.
mail-election-report-totals = Reports: { $reports }. Verified violations: { $verified }. Found unverified: { $unverified }. Not yet checked: { $unchecked }.
mail-election-report-handled = Resolved: { $resolved }. Closed without a fix: { $closed }. Still open: { $open }.
mail-election-report-button = Open the report
jobs-figure-reports-mailed =
    { $count ->
        [one] { $count } election report mailed
       *[other] { $count } election reports mailed
    }

## error
error-400 = Bad request
error-401 = Please sign in
error-403 = Not allowed
error-404 = Not found
error-409 = Conflict
error-422 = Please check your input
error-500 = Something went wrong
error-503 = Briefly unavailable
error-home = Back to the home page
# Error and validation messages: the API's `message` (by Accept-Language), form fields, error pages.
error-invalid-input = invalid input
error-unauthorized = a valid bearer token is required
error-not-found = not found
error-method-not-allowed = this route does not take this method
error-too-large = the request body is too large
error-internal = internal error
error-internal-id = internal error (error id { $id })
error-page-internal = Something went wrong on our side (error id { $id }).
error-unavailable = the service is briefly unavailable; please try again in { $wait }
error-counting = the figures are being counted; please try again in { $wait }
error-page-field = { $field }: { $message }
error-field-sentence = { $field } { $message }
error-none = none
error-open311-internal = the request could not be processed; please try again
error-json-object = the body must be a JSON object
error-json-invalid = the body is not valid JSON: { $detail }
error-illegal-transition = cannot { $action } a problem that is { $status }; allowed: { $allowed }
error-note-required = the action { $action } needs a note
error-too-many-problems = too many problems sent from your network; nothing was saved or sent. Try again in { $wait }
error-too-many-supports = too many support requests sent from your network; nothing was saved or sent. Try again in { $wait }
error-too-many-sign-ins = too many sign-in requests; nothing was saved or sent. Try again in { $wait }
error-too-many-api-token = too many requests with this API token; nothing was saved or sent. Try again in { $wait }
error-too-many-api-key = too many requests with this api_key; nothing was saved or sent. Try again in { $wait }
error-too-many-mails = too many mails to this address; nothing was saved or sent. Try again in { $wait }
error-conflict-changed-meanwhile = the problem was changed by someone else meanwhile; reload and try again
error-conflict-no-question = the representative has not asked a question
error-conflict-support-race = the same address asked to support this problem at the same moment; try again
error-conflict-user-race = a user with this e-mail address was added meanwhile; try again
error-conflict-already-redacted = this text has been redacted already
error-forbidden-citizen-only = only the citizen who filed the problem may do this
error-forbidden-service-only = only the service itself does this
error-forbidden-assigned-to-another = this problem is assigned to another representative
error-forbidden-assignee-only = only the assigned representative may do this
error-forbidden-erase-only = only the citizen, or the service when the retention period ends, does this
error-forbidden-outside-regions = this problem is outside your regions
error-forbidden-coordinator-only = only a coordinator of the problem's region or an admin may do this
error-forbidden-original-outside-regions = the original problem (duplicate_of) is in a region outside yours
error-forbidden-routing-outside-regions = this touches routing outside your regions; ask a national coordinator or an admin
error-forbidden-form-expired = the form has expired or was not sent from this site; reload the page and try again
error-forbidden-login-link-expired = this sign-in link has expired or was already used; ask for a new one at /login
error-forbidden-account-inactive = this account is not active
error-forbidden-staff-page = this page is for coordinators, monitors and admins
error-forbidden-managers-only = only coordinators and admins may change this
error-forbidden-redact = only an admin, or a coordinator of the problem's region, may redact the public record
error-forbidden-representatives-page = this page is for representatives
error-forbidden-admins-page = this page is for admins
error-forbidden-sign-in-first = please sign in first
error-field-required = is required
error-field-invalid-email = must be a valid e-mail address
error-field-control-characters = must not contain control characters
error-field-too-short = must be at least { $min } characters (got { $got })
error-field-too-long = must be at most { $max } characters (got { $got })
error-field-required-with-latitude = is required when latitude is given
error-field-required-with-longitude = is required when longitude is given
error-field-latitude-range = must be between 40.5 and 55.5 (inside Kazakhstan)
error-field-longitude-range = must be between 46.4 and 87.4 (inside Kazakhstan)
error-redaction-not-redactable = must name a text of entry { $entry } that can be redacted ({ $fields }), not { $field }
error-field-redaction-entry = must be an entry number
error-field-unknown-category = unknown category code { $code }; see GET /api/v1/categories
error-field-unknown-region = unknown region code { $code }; use an ISO 3166-2 code such as KZ-71
error-field-consent-required = consent to the processing of your contact details is required
error-field-consent-email-required = consent to the processing of your e-mail address is required
error-field-idempotency-key-reused = was already used with a different request body
error-field-idempotency-key = must be 1–200 visible ASCII characters
error-field-date-example = must be a date like 2026-05-27
error-field-date-range = must be a date YYYY-MM-DD between 2000 and 2100
error-field-day-kind = must be day_off or working_day
error-field-moved-day-one-year = a working day moved onto a weekend belongs to one year
error-field-one-of = must be one of { $choices }
error-field-required-to-assign = is required to assign
error-field-not-active-representative = { $id } is not an active representative
error-field-required-for-duplicate = is required to mark a duplicate
error-field-duplicate-of-itself = a problem cannot be a duplicate of itself
error-field-no-such-problem = problem { $id } does not exist
error-field-duplicate-chain = the duplicate chain is too long
error-field-other-role = belongs to a user with the role { $role }
error-field-group-by = must be region, category or representative
error-field-unknown-field = has an unknown field { $name }; allowed: { $allowed }
error-field-not-string = must be a string
error-field-not-number = must be a number
error-field-not-integer = must be an integer
error-field-positive-integer = must be a positive integer
error-field-non-negative-integer = must be a whole number, 0 or more
error-field-boolean = must be true or false
error-field-search-words = may have at most { $max } words (got { $got })
error-field-search-no-words = must have a word of at least two letters
error-field-required-for-custom-period = is required for a custom period
error-field-period = must be 7, 30, 90, 365 or custom (with from and to)
error-field-to-before-from = must not be before from
error-field-period-too-long = the period may span at most { $max } days
error-field-required-with-to = is required with to
error-field-required-with-from = is required with from
error-field-unknown-value = has an unknown value { $value }
error-field-unknown-code = has an unknown code { $code }
error-field-integer-up-to = must be an integer from 1 to { $max }
error-field-sort = must be newest or support
error-field-cursor = must be the cursor of a next link of the same list (same sort)
error-field-representative-id = must be a representative's id
error-field-digests = choose daily, weekly, both or none
error-field-language = choose kk, ru or en
error-field-page-number = must be a page number from 1
error-field-problem-or-person = must be a problem or person number
error-field-whole-number-1000 = must be a whole number from 1 to 1000
error-field-unit = must be hours, calendar_days or working_days
error-field-number = must be a number such as 51.1694
error-field-write-answer = please write your answer
error-field-not-region = is not a region code
error-field-not-category = is not a category code
error-field-choose-representative = choose an active representative
# A field's name in messages of other languages (English messages name the field by its API code).
error-label-title = Title
error-label-description = Description
error-label-category = Category
error-label-region = Region
error-label-address = Address
error-label-latitude = Latitude
error-label-longitude = Longitude
error-label-email = E-mail
error-label-display-name = Name
error-label-consent = Consent
error-label-note = Note
error-label-action = Action
error-label-name = Name
error-label-date = Date
error-label-period = Period
error-label-from = Start date
error-label-to = End date

## mail
mail-footer = You receive this because of a problem filed with { $org }.
mail-greeting = Hello { $name },

## mail.sla
mail-sla-more = ...and { $more } more.

## mail.sla.acknowledge
mail-sla-acknowledge-soon = Please acknowledge it by { $due }.
mail-sla-acknowledge-passed = Its acknowledge-by deadline ({ $due }) has passed: please acknowledge it now.

## mail.sla.resolve
mail-sla-resolve-soon = Please resolve it by { $due }.
mail-sla-resolve-passed = Its resolve-by deadline ({ $due }) has passed: please resolve it, or say why not.

## mail.sla.deadline
mail-sla-deadline-acknowledge = acknowledge-by
mail-sla-deadline-resolve = resolve-by

## mail.sla_reminder
mail-sla-reminder-subject-soon = Deadlines near for { $count } problem(s)
mail-sla-reminder-subject-passed = Deadlines passed for { $count } problem(s)
mail-sla-reminder-intro = These problems need your attention:
mail-sla-reminder-workspace = Your workspace:
mail-sla-reminder-button = Open my workspace

## mail.sla_escalation
mail-sla-escalation-subject = Escalation: { $count } problem(s) long overdue in your regions
mail-sla-escalation-intro = These problems are well past a deadline. Please follow up with the representative or reassign them.
mail-sla-escalation-line = Representative: { $rep }. The { $deadline } deadline was { $due }, { $days } days ago.
mail-sla-escalation-triage = The triage queue:
mail-sla-escalation-button = Open the triage queue

## mail.digest
mail-digest-subject-daily = Daily digest, { $period }: { $overdue } overdue
mail-digest-all-regions = all regions
mail-digest-subject-weekly = Weekly digest, { $period }: { $overdue } overdue
mail-digest-heading-daily = { $period } in { $scope }
mail-digest-heading-weekly = The week { $period } in { $scope }
mail-digest-quiet-daily = A quiet day: no problem was received or changed status in { $scope }.
mail-digest-quiet-weekly = A quiet week: no problem was received or changed status in { $scope }.
mail-digest-now = Now: { $open } open, { $overdue } overdue, { $escalated } escalated.
mail-digest-times-ack = Days to acknowledge: median { $median }, 90th percentile { $p90 } ({ $count } acknowledged).
mail-digest-times-resolve = Days to resolve: median { $median }, 90th percentile { $p90 } ({ $count } resolved).
mail-digest-confirmed = Citizens confirmed { $share } of the resolutions they judged.
mail-digest-reps-heading = Representatives, most overdue first
mail-digest-rep-line = { $open } open, { $overdue } overdue, { $resolved } resolved
mail-digest-rep-median = {" "}(median { $median } days)
mail-digest-rep-confirmed = , { $confirmed } confirmed by citizens
mail-digest-no-reps = No representative has open or resolved problems here.
mail-digest-oldest-heading = Longest overdue
mail-digest-oldest-line = { $days } days overdue · { $rep } · { $region }
mail-digest-escalated = (escalated)
mail-digest-no-overdue = Nothing is overdue.
mail-digest-supported-heading = Most supported open problems
mail-digest-no-supported = No open problem has supporters yet.
mail-digest-supporters = supported by { $count }
mail-digest-ledger = The public ledger's head when this digest was written: { $head }. Keep it: with it anyone can check later that nobody rewrote the public record.
mail-digest-preferences = Choose daily, weekly, both or none:
mail-digest-unsubscribe = Unsubscribe from this digest with one click:
mail-digest-preferences-link = Digest settings
mail-digest-unsubscribe-link = Unsubscribe

## mail.digest.flow
mail-digest-flow-received = Received
mail-digest-flow-routed = Routed to a representative
mail-digest-flow-acknowledged = Acknowledged
mail-digest-flow-resolved = Resolved
mail-digest-flow-fixed = Confirmed fixed by citizens
mail-digest-flow-reopened = Reopened (not fixed)
mail-digest-flow-rejected = Rejected by representatives

## mail.digest.trend
mail-digest-trend-up = ▲ { $change } from { $before }
mail-digest-trend-down = ▼ { $change } from { $before }
mail-digest-trend-same = same as before

## mail.digest.col
mail-digest-col-name = Representative
mail-digest-col-open = Open
mail-digest-col-overdue = Overdue
mail-digest-col-resolved = Resolved
mail-digest-col-median = Median days
mail-digest-col-confirmed = Confirmed

## mail.rep_summary
mail-rep-summary-subject = Your week: { $count } open problem(s), { $overdue } overdue
mail-rep-summary-intro = You have { $count } open problem(s); { $overdue } overdue. Nearest deadlines first:
mail-rep-summary-due-acknowledge = Acknowledge by { $due }.
mail-rep-summary-due-resolve = Resolve by { $due }.
mail-rep-summary-waiting = Waiting for the citizen's answer to your question (deadlines paused).
mail-rep-summary-overdue = OVERDUE.

## mail.support_confirm
mail-support-confirm-subject = Confirm your support for { $reference }
mail-support-confirm-intro = You said you have this problem too. Follow this link to confirm; only then is your support counted:
mail-support-confirm-button = Confirm my support
mail-support-confirm-notify = You will be told when its status changes.
mail-support-confirm-no-notify = You will not receive updates about it.
mail-support-confirm-ignore = If you did not ask for this, ignore this e-mail: nothing is counted.

## mail.support_own
mail-support-own-subject = You already count for { $reference }
mail-support-own-body = Someone asked to add this address as a supporter of this problem. The problem was filed from this address, so it already counts you: nothing else is needed. Nobody else was told that you filed it.
mail-support-own-ignore = If you did not ask for this, ignore this e-mail.

## mail.supporter_update
mail-supporter-update-intro = An update on a problem you support:
mail-supporter-update-follow = Follow it:
mail-supporter-update-button = Open the problem
mail-supporter-update-stop = Stop these updates (your support still counts):
mail-supporter-update-stop-link = Stop these updates

## mail.fix_check
## Replies by e-mail (services::inbound)
mail-reply-above = — Write your reply above this line —
mail-reply-how-for-representative = You can answer by replying to this mail: your reply becomes a public comment on the problem, after 15 minutes in which you can still undo it. Start it with "resolved:", "acknowledged:", "started:", "rejected:" or "question:" (or «решено:», «принято:», «в работе:», «отклонено:», «вопрос:»; «шешілді:», «қабылданды:», «жұмыста:», «қабылданбады:», «сұрақ:») to take that action, with the rest as its note. Photos attached to a comment or to "resolved" are added as "after" photos (up to 5).
mail-reply-how-for-citizen = You can answer the question by replying to this mail.
mail-reply-how-fix-check = You can also reply to this mail with "yes" or "no" (да / нет, иә / жоқ) as its first word. Photos attached to your reply are added to the problem.
mail-reply-how-for-coordinator = A reply to this mail is kept as an internal note on the problem, for coordinators and monitors only.
mail-reply-received-subject = { $reference }: your reply was received
mail-reply-received-intro = Your reply was received. It will be { $what } at { $at }; this is the text we kept:
mail-reply-received-undo = Changed your mind? Undo it before then:
mail-reply-received-undo-button = Undo my reply
mail-reply-received-photos = { $count ->
    [one] One photo will be added with it.
   *[other] { $count } photos will be added with it.
}
mail-reply-received-left-out = { $count ->
    [one] One attachment was left out
   *[other] { $count } attachments were left out
}: we take JPEG, PNG and WebP photos, at most { $max } per problem from each side.
mail-reply-received-comment = published as a comment
mail-reply-received-acknowledge = taken as "acknowledged"
mail-reply-received-start = taken as "work started"
mail-reply-received-resolve = taken as "resolved"
mail-reply-received-reject = taken as "rejected"
mail-reply-received-ask-citizen = sent to the citizen as a question
mail-reply-received-answer = passed to the representative as your answer
mail-reply-received-fixed = recorded as "yes, it is fixed"
mail-reply-received-not-fixed = recorded as "no, it is not fixed"
mail-reply-received-note = kept as an internal note
mail-reply-refused-subject = Your reply could not be accepted
mail-reply-refused-intro = We could not accept your e-mail reply
mail-reply-refused-unknown-token = It was not sent to a reply address of ours. Please use the links in our mail instead.
mail-reply-refused-expired = The mail you replied to is too old to answer by e-mail. Please use the links in a newer mail.
mail-reply-refused-wrong-sender = It came from another address than the one our mail went to. Please reply from that address.
mail-reply-refused-not-theirs = The problem is no longer yours to answer (it was reassigned or closed).
mail-reply-refused-empty = We found no text in it above the quoted mail.
mail-reply-refused-nothing-to-answer = Nothing is waiting for your answer on this problem just now.
mail-reply-refused-failed = The problem had changed by the time your reply was due, and the action is no longer possible. Please look at the problem page.
replies-undo-title = Undo your reply
replies-undo-intro = Your reply will be carried out at { $at } unless you undo it now:
replies-undo-button = Undo my reply
replies-undone = Your reply was undone: nothing of it was published.
replies-too-late = This reply can no longer be undone: it has been carried out already, or was undone before.

mail-fix-check-subject = { $reference }: has this been fixed?
mail-fix-check-intro = The representative reported this problem as resolved a few days ago. Has it really been fixed?
mail-fix-check-yes = Yes, it is fixed
mail-fix-check-no = No, it is not fixed
mail-fix-check-close = If we do not hear from you within { $days } days, the problem is closed as "no answer".

## mail.confirm_problem
mail-confirm-problem-subject = Please confirm your problem { $reference }
mail-confirm-problem-intro = This address was given when a problem was reported to us, probably by you. It is published only if you confirm it.
mail-confirm-problem-quoted = The title, as it was written:
mail-confirm-problem-action = Follow this link to confirm it; only then is it published and sent to a representative:
mail-confirm-problem-not-you = If you did not report it, ignore this e-mail: nothing is published, and your address is deleted with it.
mail-confirm-problem-button = Confirm my problem
mail-confirm-problem-tracking = Keep this private link to follow your problem, answer questions and tell us whether it was fixed:
mail-confirm-problem-expiry = Unconfirmed problems are deleted after { $days } days.

## mail.status_update
mail-status-update-subject = { $reference }: { $status }
mail-status-update-status = Status
mail-status-update-follow = Follow your problem:
mail-status-update-follow-button = Follow your problem
mail-status-update-answer-here = Answer the question here:
mail-status-update-answer-button = Answer the question
mail-status-update-verdict-here = Tell us whether it is really fixed:
mail-status-update-verdict-button = Is it really fixed?
mail-status-update-route = Your problem is confirmed, published and assigned to { $rep }.
mail-status-update-triage = Your problem is confirmed and published. A coordinator will assign it to a representative.
mail-status-update-assign = Your problem is now assigned to { $rep }.
mail-status-update-acknowledge = { $rep } has acknowledged your problem.
mail-status-update-start = { $rep } has started work on your problem.
mail-status-update-ask-citizen = { $rep } has a question for you:
mail-status-update-resolve = { $rep } reports that your problem is resolved:
mail-status-update-reject = { $rep } has declined your problem. A coordinator will look at it. The reason:
mail-status-update-close = Your problem was closed by a coordinator. The reason:
mail-status-update-mark-duplicate = Your problem was merged with another report of the same problem; you will receive its updates.
mail-status-update-withdraw = This problem was withdrawn by the citizen who filed it and is now closed.

## mail.assigned
mail-assigned-subject = New problem for you: { $reference } { $title }
mail-assigned-greeting = Hello { $name },
mail-assigned-intro = A citizen's problem has been assigned to you.
mail-assigned-deadlines = Please acknowledge it by { $ack } and resolve it by { $resolve }.
mail-assigned-open = Open it in your workspace:
mail-assigned-button = Open in workspace

## mail.triage
mail-triage-subject = Triage needed: { $reference } in { $region }
mail-triage-unrouted = No routing rule matches this problem; please assign it.
mail-triage-rejected = The representative rejected this problem; please reassign or close it.
mail-triage-reassign-requested = The representative asks for this problem to be reassigned.
mail-triage-button = Open the problem
mail-triage-queue = The triage queue:

## mail.representative_update
mail-representative-update-subject = Update on { $reference } { $title }
mail-representative-update-answer = The citizen answered your question:
mail-representative-update-fixed = The citizen confirmed that the problem is fixed. Thank you.
mail-representative-update-not-fixed = The citizen says the problem is NOT fixed; it is reopened and back with you.
mail-representative-update-resolve-by = New resolve-by date: { $when }

## mail.login_link
mail-login-link-subject = Your sign-in link for { $org }
mail-login-link-intro = Follow this link within { $minutes } minutes to sign in. It works once.
mail-login-link-button = Sign in
mail-login-link-ignore = If you did not ask for it, ignore this e-mail.

## categories
categories-heading = Categories and deadlines
categories-intro = Deadlines start when a problem is assigned: the time to acknowledge it and the time to resolve it. Election categories count in hours.
categories-code = Code
categories-names = Names
categories-acknowledge = Acknowledge within
categories-resolve = Resolve within
categories-active = Active
categories-save = Save

## categories (descriptions)
categories-descriptions = Descriptions
categories-description = Description
categories-description-hint = One sentence on what belongs in the category. The problem form and Open311 show it.
categories-description-too-long =
    { $max ->
        [one] must be at most { $max } character
       *[other] must be at most { $max } characters
    }
form-category-help = What belongs in each category
open311-notice = A representative acknowledges it within { $acknowledge } and resolves it within { $resolve }.
open311-deadline-hours =
    { $count ->
        [one] { $count } hour
       *[other] { $count } hours
    }
open311-deadline-working-days =
    { $count ->
        [one] { $count } working day
       *[other] { $count } working days
    }
open311-deadline-calendar-days =
    { $count ->
        [one] { $count } day
       *[other] { $count } days
    }
open311-region = Region or city
open311-region-hint = One of Kazakhstan's 20 regions and cities (ISO 3166-2). When missing, it is derived from lat and long.
open311-title = A short title; by default the description's first sentence
open311-title-hint = 5 to 200 characters

## unit
unit-hours = hours
unit-calendar-days = calendar days
unit-working-days = working days

## formats (src/locale.rs): a date with its month's name; "N days"; how long to wait
date = { $day } { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year }
date-weekday = { $weekday ->
        [1] Monday
        [2] Tuesday
        [3] Wednesday
        [4] Thursday
        [5] Friday
        [6] Saturday
       *[7] Sunday
    } { $date }
days-n =
    { $count ->
        [one] { $n } day
       *[other] { $n } days
    }
wait-seconds =
    { $count ->
        [one] { $count } second
       *[other] { $count } seconds
    }
wait-minutes =
    { $count ->
        [one] { $count } minute
       *[other] { $count } minutes
    }

## feeds (src/http/pages/feeds.rs)
feed-title = { $org }: citizens' problems
feed-ledger-title = { $org }: public ledger checkpoints
feed-ledger-entry = Checkpoint of { $day }: { $head }

## timeline: what the service itself says on a problem's timeline (src/domain/event_note.rs)
actor-citizen = citizen
actor-system = system
event-routed = Routed to { $representative } by routing rule #{ $rule }.
event-unrouted = No routing rule matches this region and category; the coordinators will assign it by hand.
event-assigned = Assigned to { $representative } by a coordinator.
event-duplicate = Duplicate of { $original }.
event-overdue-acknowledge = Past its acknowledge-by deadline of { $due }.
event-overdue-resolve = Past its resolve-by deadline of { $due }.
event-escalated-acknowledge =
    { $days ->
        [one] Escalated to the region's coordinators: { $days } day past the acknowledge-by deadline.
       *[other] Escalated to the region's coordinators: { $days } days past the acknowledge-by deadline.
    }
event-escalated-resolve =
    { $days ->
        [one] Escalated to the region's coordinators: { $days } day past the resolve-by deadline.
       *[other] Escalated to the region's coordinators: { $days } days past the resolve-by deadline.
    }
event-asked-fixed-by-mail = The citizen was asked whether the problem is really fixed.
event-asked-fixed-on-page = The citizen can say on their tracking page whether the problem is really fixed.
event-closed-no-answer =
    { $days ->
        [one] Closed: the citizen did not say within { $days } day whether it is fixed.
       *[other] Closed: the citizen did not say within { $days } days whether it is fixed.
    }

## sweep (issue 14)
event-contact-erased = The citizen erased their contact details.
# The problem list's filters that its form does not show (the dashboards link with them).
list-filter-status = Statuses
list-filter-verdict = Citizen's verdict
list-filter-representative = Representative (number)
list-filter-overdue = Overdue
list-filter-escalated = Escalated
list-filter-received-from = Received from
list-filter-received-to = Received until
list-filter-acknowledged-from = Acknowledged from
list-filter-acknowledged-to = Acknowledged until
list-filter-resolved-from = Resolved from
list-filter-resolved-to = Resolved until
list-filter-closed-from = Closed from
list-filter-closed-to = Closed until
list-filter-due-from = Due from
list-filter-due-to = Due until

## jobs' figures (src/jobs/summary.rs): what a run did, on /admin/jobs
jobs-figure-checked = { $count } checked
jobs-figure-reminded = { $count } reminded
jobs-figure-overdue = { $count } overdue
jobs-figure-escalated = { $count } escalated
jobs-figure-mails =
    { $count ->
        [one] { $count } mail
       *[other] { $count } mails
    }
jobs-figure-asked = { $count } asked
jobs-figure-closed-no-answer = { $count } closed unanswered
jobs-figure-recipients =
    { $count ->
        [one] { $count } recipient
       *[other] { $count } recipients
    }
jobs-figure-queued = { $count } queued
jobs-figure-already-sent = { $count } already sent
jobs-figure-forced = { $count } sent again (--force)
jobs-figure-purged =
    { $count ->
        [one] { $count } unconfirmed problem purged
       *[other] { $count } unconfirmed problems purged
    }
jobs-figure-photos-removed =
    { $count ->
        [one] { $count } photo removed
       *[other] { $count } photos removed
    }
jobs-figure-contacts-erased =
    { $count ->
        [one] contact details of { $count } closed problem erased
       *[other] contact details of { $count } closed problems erased
    }
jobs-figure-replies-forgotten =
    { $count ->
        [one] { $count } old reply by e-mail forgotten
       *[other] { $count } old replies by e-mail forgotten
    }
jobs-figure-ledger-seq = ledger head at entry { $count }
jobs-figure-checkpoints-new =
    { $count ->
        [one] { $count } new checkpoint
       *[other] { $count } new checkpoints
    }
jobs-figure-applied = { $count } carried out
jobs-figure-sent = { $count } sent
jobs-figure-failed = { $count } failed
jobs-figure-dead = { $count } dead-lettered
jobs-figure-unreachable = { $count ->
       *[other] mail server unreachable
    }
