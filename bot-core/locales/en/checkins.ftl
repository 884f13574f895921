## Check-ins, goals, availability, nudges
seg-checkin = checkin
seg-goal = goal
seg-set = set
seg-done = done
seg-nudge = nudge
seg-thread = thread
seg-away = away
seg-back = back
seg-quiet-hours = quiet-hours
cmd-checkin = Log a meeting or a progress note (name a circle first for the circle's)
cmd-goal = Your goals
cmd-goal-set = Set yourself a goal
cmd-goal-list = List your goals
cmd-goal-done = Mark a goal done
cmd-circle-nudge = Nudge a circle after this many days without a check-in (hosts and admins)
cmd-circle-thread = Open a discussion thread for a circle; its nudges go there (hosts and admins)
cmd-settings-away = Be away (no nudges) until a date
cmd-settings-back = You are back: nudges resume
cmd-settings-quiet-hours = Hours when nothing is delivered to you, or "off"
opt-note = note
opt-goal = goal
opt-days = days
opt-until = until
opt-hours = hours
optdesc-note = What happened, what you learned, what is next
optdesc-goal = The goal (up to 500 characters)
optdesc-days = Days without a check-in before the nudge (1–365, default 14)
optdesc-until = Until when: "2026-12-24", "next monday"
optdesc-hours = Such as 22:00-08:00 in your time zone, or "off"
checkin-empty = Tell me what to log: `checkin <circle> <note>` for a circle's meeting, or `checkin <note>` for yourself.
checkin-not-member = You are not in **{$name}**, so you cannot log its check-ins. Join it first with `circle join`.
checkin-circle = Check-in #{$id} logged for **{$name}**. I will nudge the circle if nobody checks in by {$next}.
checkin-personal = Check-in #{$id} logged.
checkin-prompt-title = Check-in: {$name}
checkin-prompt-label = What did the circle do?
checkin-prompt-text = Tell me what **{$name}** did (or use `{$checkin}`).
goal-set = Goal **#{$id}** set: “{$text}”. `goal done {$id}` when you reach it.
goal-list-empty = You have no goals yet. Set one with `goal set <text>`.
goal-list-header = { $count ->
    [one] 1 goal:
   *[other] {$count} goals:
}
goal-line = **#{$id}** {$text}{ $done ->
    [yes] {" "}(done)
   *[other] {""}
}
goal-unknown = You have no open goal {$id}. `goal list` shows yours.
goal-done = Well done! Goal #{$id} is reached: “{$text}”
nudge-set = **{$name}** is nudged after {$days} days without a check-in; next check on {$next}.
circle-thread-opened = The discussion thread of **{$name}** is open; nudges for the circle go there.
circle-thread-welcome = This is the discussion thread of **{$name}**. Check in here with `{$checkin}`.
away-not-recurring = Give one date for your return, such as `settings away until 2026-12-24`.
away-set = You are away until {$until}: nobody will nudge you until then. `settings back` ends it early.
away-cleared = Welcome back! Nudges reach you again.
quiet-cleared = Quiet hours are off: messages reach you at any time.
quiet-invalid = `{$got}` is not a range of hours. Write it like 22:00-08:00, or "off".
quiet-set = Quiet hours set to {$hours} ({$timezone}): messages for you wait until they end.
nudge-circle = **{$name}** has had no check-in for {$days} days. When you next meet, log it with `{$checkin}`.
nudge-host = **{$name}**, which you host, has had no check-in for {$days} days. Could you get the circle together?
nudge-admin = **{$name}** has had no check-in for {$days} days, and its hosts have not reacted. It may need a new host.
