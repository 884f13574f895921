## Pulse surveys
seg-pulse = pulse
seg-question = question
seg-schedule = schedule
seg-answer = answer
cmd-pulse = Pulse surveys: a few questions, asked again and again, answered in private
cmd-pulse-create = Draft a pulse survey, empty or from a template
cmd-pulse-question = A draft pulse's questions
cmd-pulse-question-add = Add a question to a draft pulse
cmd-pulse-question-remove = Remove a question from a draft pulse
cmd-pulse-show = Show a pulse's questions and schedule
cmd-pulse-schedule = Send a pulse now or later, once or on a recurrence, to a circle, a role or everyone
cmd-pulse-answer = Answer a pulse question by typing (the buttons do the same)
cmd-pulse-results = A pulse run's results (only what at least k people answered) and its trend
cmd-pulse-list = The pulses you manage
cmd-pulse-pause = Pause a recurring pulse (no new runs)
cmd-pulse-resume = Resume a paused pulse
cmd-pulse-close = Close a pulse for good (an open run closes now)
cmd-pulse-export = Export a pulse's results as CSV
opt-title = title
opt-template = template
opt-privacy = privacy
opt-k = k
opt-promoters = promoters
opt-passives = passives
opt-type = type
opt-options = options
opt-number = number
opt-to = to
opt-open = open
opt-remind = remind
opt-answer = answer
opt-run = run
optdesc-title = The pulse's title (up to 120 characters)
optdesc-template = Start from a built-in set of questions
optdesc-privacy = Anonymous (the default: nobody can see who answered what) or named
optdesc-k = Results show only with at least this many answers (3 or more; default 3)
optdesc-promoters = Scores from this number up count as promoters (default 9)
optdesc-passives = Scores from this number up to the promoters count as passives (default 7)
optdesc-type = scale (1–5), nps (0–10), choice, multi (several choices) or text
optdesc-options = For choice and multi: 2 to 20 options; for scale: the two end labels
optdesc-number = The question's number
optdesc-to = Who gets it: the whole community (the default), or everyone with a role in a circle
optdesc-open = How long each run stays open (default 3 days)
optdesc-remind = How long before closing the non-responders are reminded (default 1 day; "none": no reminder)
optdesc-answer = Your answer: a number, numbers for several choices, or your text
optdesc-run = The run's number (the latest if left out)
choice-template-mentee-checkup = Mentee check-up
choice-template-mentor-load = Mentor load
choice-template-session-feedback = Session feedback
choice-template-enps = Programme eNPS
choice-privacy-anonymous = anonymous
choice-privacy-named = named
choice-type-scale = scale 1–5
choice-type-nps = score 0–10
choice-type-choice = one choice
choice-type-multi = several choices
choice-type-text = free text
choice-to-community = everyone
choice-to-mentor = mentors
choice-to-mentee = mentees
choice-to-host = hosts
choice-to-peer = peers
choice-to-member = members
pulse-unknown = There is no pulse #{$id} that you manage here.
pulse-limit = Too many pulses are still open here: close one first.
pulse-bad-bands = Promoters and passives are scores from 1 to 10, and passives start no higher than promoters.
pulse-created = Pulse #{$id} **{$title}** drafted ({ $anonymous ->
    [yes] anonymous
   *[other] named: answers carry names
}, results from {$k} answers) with { $count ->
    [0] no questions yet: add them with `pulse question add {$id} <type> "<question>" [options…]`
    [one] 1 question
   *[other] {$count} questions
}. Send it with `pulse schedule {$id}`.
pulse-not-draft = Pulse #{$id} has been scheduled: its questions no longer change.
pulse-bad-options = A {$kind} question takes { $count ->
    [0] options it does not have
   *[other] a different number of options than {$count}
} (choice and multi: 2 to 20; scale: none or its two end labels; score and text: none).
pulse-too-many-questions = A pulse has at most {$max} questions.
pulse-question-added = Question {$n} ({$kind}) added to pulse #{$id}.
pulse-question-removed = Question {$n} removed from pulse #{$id}.
pulse-no-question = Pulse #{$id} has no question {$n}.
pulse-no-questions = Pulse #{$id} has no questions yet.
pulse-audience-community = To: everyone in the community
pulse-audience-circle = To: circle **{$circle}**
pulse-audience-role = To: all {$role}
pulse-state-draft = draft
pulse-state-scheduled = scheduled
pulse-state-paused = paused
pulse-state-closed = closed
pulse-show-header = **Pulse #{$id}: {$title}** ({$state}, { $anonymous ->
    [yes] anonymous
   *[other] named
}, results from {$k} answers)
pulse-next-run = Next run: {$at}
pulse-admin-audience = Only admins send pulses to the whole community or to a role; hosts may send one to their circle (`circle:<name>`).
pulse-bad-window = A run stays open between 1 hour and 90 days.
pulse-bad-remind = The reminder comes a length of time before the run closes, shorter than the run ("12h", "1 day"), or "none".
pulse-overlap = Runs this close together would overlap: make the recurrence longer or the window shorter (`open:`).
pulse-scheduled = Pulse #{$id} **{$title}** is scheduled. {$audience}. First run {$at}, open for {$hours} hours
pulse-paused = Pulse #{$id} is paused: no new runs until `pulse resume {$id}`.
pulse-not-scheduled = Pulse #{$id} is not scheduled, so it cannot be paused.
pulse-not-paused = Pulse #{$id} is not paused.
pulse-resumed = Pulse #{$id} resumes: next run {$at}.
pulse-resumed-no-run = Pulse #{$id} resumes, but it has no run left to make.
pulse-is-closed = Pulse #{$id} is closed already.
pulse-closed = Pulse #{$id} is closed{ $runs ->
    [0] .
   *[other] ; its open run closes now and you will get its summary.
}
pulse-list-empty = You manage no pulses here.
pulse-list-header = { $count ->
    [one] 1 pulse:
   *[other] {$count} pulses:
}
pulse-list-line = #{$id} **{$title}** ({$state}, { $runs ->
    [one] 1 run
   *[other] {$runs} runs
})
pulse-list-open = open: {$answered} of {$asked} answered, closes {$at}
pulse-bad-answer = Question {$n} takes a number from {$min} to {$max}.
pulse-not-asked = This pulse run (#{$run}) was not sent to you.
pulse-run-closed = **{$title}** is closed: answers are no longer taken.
pulse-answer-cleared = no answer
pulse-answered = Saved for **{$title}**, question {$n}: {$answer}. {$done} of {$total} answered; you can change any answer until {$at}.
pulse-prompt-text = Type your answer in the form (or `pulse answer {$run} {$n} <your answer>`).
pulse-intro = **{$title}**: { $count ->
    [one] 1 question
   *[other] {$count} questions
}, open until {$at}. Answer in any order, and change your answers until then. { $anonymous ->
    [yes] Anonymous: nobody, not even the people who run this bot, can see who answered what; results show only when at least {$k} people answered.
   *[other] Named: the people running it see who answered what.
}
pulse-question-header = **{$n}/{$total}.** {$question}
pulse-scale-ends = {$low} = {$lowlabel} · {$high} = {$highlabel}
pulse-nps-low = not at all likely
pulse-nps-high = extremely likely
pulse-multi-hint = Choose as many as apply (press again to remove one).
pulse-text-hint = Press the button to type your answer, or send `pulse answer {$run} {$n} <your answer>` here.
pulse-text-button = Write my answer
pulse-reminder = A reminder: **{$title}** is waiting for your answers, until {$at}. The questions are above.
pulse-run-closed-summary = Run {$run} of pulse #{$id} **{$title}** has closed: {$answered} of {$asked} answered ({$percent}%). See `pulse results {$id}`.
pulse-no-runs = Pulse #{$id} has not run yet.
pulse-no-run = Pulse #{$id} has no run {$run}.
pulse-results-header = **Pulse #{$id}: {$title}**, run {$run} of {$runs} ({ $state ->
    [open] open until {$at}
   *[other] closed {$at}
}): {$answered} of {$asked} answered ({$percent}%)
pulse-hidden = Hidden until at least {$k} people answer ({$count} so far).
pulse-mean-median = { $count ->
    [one] 1 answer
   *[other] {$count} answers
} · mean {$mean} · median {$median}
pulse-enps = eNPS {$enps}
pulse-answered-count = { $count ->
    [one] 1 answer
   *[other] {$count} answers
}
pulse-count = { $count ->
    [one] 1 answer
   *[other] {$count} answers
} ({$percent}%)
pulse-more-texts = …and {$count} more in the export.
pulse-by-group = By role: {$groups}
pulse-groups-hidden = other roles hidden (fewer than {$k} answers each, or they could be worked out)
pulse-trend-header = **Over the runs**
pulse-run-label = run {$run}
pulse-change-up = up {$by} since run {$from}
pulse-change-down = down {$by} since run {$from}
pulse-change-same = unchanged since run {$from}
pulse-chart-alt = Chart: {$question}, by run: {$values}
pulse-exported = Pulse #{$id}'s results, as CSV (only what at least k people answered).
pulse-tpl-low = not at all
pulse-tpl-high = completely
pulse-tpl-checkup-helping = How much is mentoring helping you at the moment?
pulse-tpl-not-at-all = not at all
pulse-tpl-a-great-deal = a great deal
pulse-tpl-checkup-confident = How confident do you feel in your work these days?
pulse-tpl-not-confident = not confident
pulse-tpl-very-confident = very confident
pulse-tpl-checkup-need = What would help you most right now?
pulse-tpl-need-time = More time with my mentor
pulse-tpl-need-resources = Practical materials
pulse-tpl-need-peers = Talking with peers
pulse-tpl-need-nothing = Nothing: it is going well
pulse-tpl-checkup-anything = Is there anything the programme team should know?
pulse-tpl-load-manageable = How manageable is your mentoring load?
pulse-tpl-far-too-much = far too much
pulse-tpl-very-manageable = very manageable
pulse-tpl-load-energy = How much energy do you have left for mentoring?
pulse-tpl-none-left = none left
pulse-tpl-plenty = plenty
pulse-tpl-load-easier = What would make mentoring easier for you?
pulse-tpl-session-useful = How useful was your last session?
pulse-tpl-not-useful = not useful
pulse-tpl-very-useful = very useful
pulse-tpl-session-on-time = Did it start and finish when planned?
pulse-tpl-yes = Yes
pulse-tpl-roughly = More or less
pulse-tpl-no = No
pulse-tpl-session-change = One thing to keep, or to change, next time?
pulse-tpl-enps-recommend = How likely is it that you would recommend this programme to a colleague?
pulse-tpl-enps-reason = What is the main reason for your score?
seg-feedback = feedback
seg-mine = mine
cmd-feedback = Feedback after circle meetings, both ways
cmd-feedback-show = A circle's feedback after its meetings (its hosts, admins)
cmd-feedback-mine = What mentees said of the sessions you led (once at least 3 said it)
cmd-circle-feedback = Ask a circle's people for feedback after each meeting, or stop
opt-switch = switch
optdesc-switch = on or off
choice-switch-on = on
choice-switch-off = off
choice-template-mentee-progress = Mentee progress (for mentors)
feedback-title-session = Session feedback: {$circle}
feedback-title-progress = Mentee progress: {$circle}
feedback-on = After each meeting of **{$circle}**, its mentees will be asked about the session and its mentors about their mentees' progress.
feedback-off = **{$circle}** will no longer be asked for feedback after its meetings.
feedback-none = **{$circle}** has no feedback yet: it is asked after each meeting (a check-in or a round).
feedback-mine-none = There is no feedback on your mentoring yet: it comes from the circles you mentor or host, after their meetings.
feedback-mine-header = **Feedback on your sessions**, last {$days} days: { $runs ->
    [one] 1 meeting
   *[other] {$runs} meetings
}, { $count ->
    [one] 1 answer
   *[other] {$count} answers
}
pulse-tpl-progress-goals = How are your mentees progressing toward their goals?
pulse-tpl-stuck = stuck
pulse-tpl-strong-progress = strong progress
pulse-tpl-progress-engaged = How engaged were they in this session?
pulse-tpl-not-engaged = not engaged
pulse-tpl-fully-engaged = fully engaged
pulse-tpl-progress-next = What would help them most next?
