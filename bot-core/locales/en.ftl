## Command path segments (lowercase, no spaces: they are Discord names too)
seg-help = help
seg-circle = circle
seg-create = create
seg-join = join
seg-leave = leave
seg-list = list
seg-info = info
seg-add = add
seg-remove = remove
seg-host = host
seg-archive = archive
seg-settings = settings
seg-show = show
seg-timezone = timezone
seg-language = language
seg-community = community

## Command and group descriptions (at most 100 characters)
cmd-help = Show the commands, or how to use one
cmd-circle = Mentoring circles
cmd-circle-create = Create a mentoring circle
cmd-circle-join = Join a circle
cmd-circle-leave = Leave a circle
cmd-circle-list = List the circles of this community
cmd-circle-info = Show a circle's members and details
cmd-circle-add = Add a member to a circle (hosts and admins)
cmd-circle-remove = Remove a member from a circle (hosts and admins)
cmd-circle-host = Make a member a host of a circle (hosts and admins)
cmd-circle-archive = Archive a circle (hosts and admins)
cmd-settings = Your settings and the community's
cmd-settings-show = Show your language and time zone
cmd-settings-timezone = Set your time zone
cmd-settings-language = Set your language
cmd-settings-community = Community defaults (admins)
cmd-settings-community-language = Set the community's default language (admins)
cmd-settings-community-timezone = Set the community's default time zone (admins)

## Option names and descriptions
opt-command = command
opt-name = name
opt-topic = topic
opt-capacity = capacity
opt-kind = kind
opt-circle = circle
opt-member = member
opt-role = role
opt-zone = zone
opt-language = language
optdesc-command = The command to explain
optdesc-name = The circle's name (up to 100 characters)
optdesc-topic = What the circle is about
optdesc-capacity = How many members it can hold (default 8)
optdesc-kind = Group mentoring, peer mentoring or team mentoring
optdesc-circle = The circle's name
optdesc-member = A member of this community
optdesc-role = The member's role in the circle
optdesc-zone = An IANA time zone, such as Europe/Paris
optdesc-language = English, French or Dutch

choice-kind-group = group
choice-kind-peer = peer
choice-kind-team = team
choice-role-mentor = mentor
choice-role-mentee = mentee
choice-role-peer = peer
choice-role-host = host

## Parsing
parse-empty = Type a command, or `help` to see them all.
parse-unclosed-quote = A quote is not closed. Put names with spaces in "double quotes".
parse-unknown-command = I don't know the command `{$input}`. Type `help` to see them all.
parse-unknown-command-suggest = I don't know the command `{$input}`. Did you mean `{$suggestion}`?
parse-unknown-subcommand = `{$group}` has no `{$input}`. Choose one of: {$subcommands}.
parse-unknown-subcommand-suggest = I don't know `{$input}`. Did you mean `{$suggestion}`?
parse-missing-subcommand = `{$group}` needs one more word: {$subcommands}.
parse-missing-argument = `{$option}` is missing. Usage: `{$usage}`
parse-unexpected-argument = I didn't expect `{$extra}`. Put names with spaces in "double quotes". Usage: `{$usage}`
parse-unknown-option = This command has no option `{$name}`. Usage: `{$usage}`
parse-unknown-option-suggest = This command has no option `{$name}`. Did you mean `{$suggestion}`?
parse-duplicate-option = `{$option}` is given twice.
parse-not-an-integer = `{$option}` must be a whole number from {$min} to {$max}, not `{$got}`.
parse-too-long = `{$option}` is too long: at most {$max} characters.
parse-invalid-choice = `{$got}` is not a valid `{$option}`. Choose one of: {$allowed}. Closest: {$suggestion}
parse-unknown-timezone = `{$got}` is not a time zone I know. Use an IANA name such as Europe/Paris or America/New_York.
parse-unknown-timezone-suggest = `{$got}` is not a time zone I know. Did you mean `{$suggestion}`?
parse-unknown-language = I don't speak `{$got}` yet. Choose English (en), French (fr) or Dutch (nl).

text-empty = { $what ->
    [name] The name
    [text] The reminder text
    [note] The note
    [goal] The goal
    [question] The question
    [option] An option
   *[other] The topic
} can't be empty.
text-too-long = { $what ->
    [name] The name
    [text] The reminder text
    [note] The note
    [goal] The goal
    [question] The question
    [option] An option
   *[other] The topic
} is too long: at most {$max} characters.
text-invalid-character = { $what ->
    [name] The name
    [text] The reminder text
    [note] The note
    [goal] The goal
    [question] The question
    [option] An option
   *[other] The topic
} contains an invisible or control character. Please type it again without it.

action-unknown = This button no longer works. Run the command again.
internal-error = Sorry, something went wrong on my side. Please try again in a moment.
input-nul = Your message contains a NUL character (U+0000), which I can't read. Send it again without it.
permission-admin = Only community admins can use `{$command}`.
permission-host = Only a host of **{$circle}** or an admin can do that.

member-unknown = I don't know a member called *{$name}*. They need to have said something here, or mention them.
member-unknown-suggest = I don't know a member called *{$name}*. Did you mean **{$suggestion}**?
member-ambiguous = { $count ->
   *[other] {$count} members are called *{$name}*. Mention the one you mean.
}

## Circles
circle-unknown = There is no circle named *{$name}*. `{$list}` shows them all.
circle-unknown-suggest = There is no circle named *{$name}*. Did you mean **{$suggestion}**?
circle-gone = That circle has been archived.
circle-name-taken = A circle named **{$name}** already exists. Choose another name.
circle-created = Circle **{$name}** created ({$count}/{$capacity}). Invite people with `{$add}`, or join with `{$join}`.
circle-joined = You joined **{$name}** as {$role} ({$count}/{$capacity}).
circle-already-member = You are already in **{$name}** (as {$role}).
circle-full = **{$name}** is full ({$capacity}/{$capacity}).
circle-not-member = You are not in **{$name}**.
circle-left = You left **{$name}** ({$count}/{$capacity}).
circle-list-empty = There are no circles yet. An admin can create one with `{$create}`.
circle-list-header = { $count ->
    [one] 1 circle:
   *[other] {$count} circles:
}
circle-list-line = **{$name}** — {$count}/{$capacity} members · {$kind}{$topic}
circle-list-header-page = {$count} circles (page {$page} of {$pages}):
circle-list-more = `{$next}` shows the next page.
circle-list-no-page = There is no page {$page}: the list has {$pages}.
opt-page = page
optdesc-page = Which page of the list (1 is the first)
circle-info-header = **{$name}** · {$kind} · {$count}/{$capacity} members
circle-info-topic = Topic: {$topic}
circle-info-no-members = No members yet.
circle-info-members = Members: {$members}
circle-info-created = Created on {$date}
circle-added = Added **{$member}** to **{$name}** as {$role} ({$count}/{$capacity}).
circle-role-changed = **{$member}** is now {$role} in **{$name}**.
circle-member-already = **{$member}** is already in **{$name}** (as {$role}).
circle-member-not-in = **{$member}** is not in **{$name}**.
circle-removed = Removed **{$member}** from **{$name}** ({$count}/{$capacity}).
circle-already-host = **{$member}** already hosts **{$name}**.
circle-host-set = **{$member}** now hosts **{$name}**.
circle-archived = **{$name}** is archived. Its history is kept, and its name is free again.

button-join = Join
button-leave = Leave
button-checkin = Check in
button-info = Details

## Settings
settings-unset = not set
settings-show = Language: {$locale} · Time zone: {$timezone} (now {$now})
    Your choices: language {$own_locale}, time zone {$own_timezone}
    Community defaults: language {$community_locale}, time zone {$community_timezone}
settings-timezone-set = Your time zone is now {$timezone}. It is {$now} there.
settings-language-set = I will speak {$language} with you.
settings-community-language-set = The community's default language is now {$language}.
settings-community-timezone-set = The community's default time zone is now {$timezone} ({$now}).

## Help
help-header = Commands:
help-header-prefix = Commands (start each with `{$prefix}`):
help-footer = `{$help} circle` lists a group's commands; `{$help} circle create` explains one.
help-named-options = Options can also be given by name, for example `capacity:6`; put text with spaces in "double quotes".

## Console
console-welcome = mentorbot console: a local community in which you ({$name}) are an admin. Type `help` for the commands, `as <name>` to speak as someone else, `quit` to leave.
console-as = Now typing as {$name}.
console-as-admin = Now typing as {$name} (admin).
console-as-usage = Usage: `as <name>`, or `as <name> admin`.
console-choice-unknown = There is no choice {$number}: choose from 1 to {$count}.
console-direct = Direct message to {$name}:
console-thread = In the thread “{$title}”:
matrix-cannot-decrypt = I could not decrypt a message in this room, so I cannot answer it. If you want me here, verify my device or share the room keys with it.
run-no-platform = No chat platform is configured, so mentorbot runs the local console. To connect to Discord, set discord.token (or MENTORBOT__DISCORD__TOKEN); for Matrix, set matrix.homeserver_url, matrix.user_id and matrix.password (or MENTORBOT__MATRIX__…). `mentorbot console` starts the console on its own.

## Reminders
seg-remind = remind
seg-me = me
seg-here = here
seg-member = member
seg-cancel = cancel
seg-snooze = snooze
seg-pause = pause
seg-resume = resume
cmd-remind = Reminders
cmd-remind-me = Remind yourself (privately)
cmd-remind-here = Remind this channel
cmd-remind-circle = Remind a circle in this channel (hosts and admins)
cmd-remind-member = Remind a member by direct message
cmd-remind-list = List your reminders
cmd-remind-cancel = Cancel a reminder
cmd-remind-snooze = Be reminded of a reminder again later
cmd-remind-pause = Pause a recurring reminder
cmd-remind-resume = Resume a paused reminder
opt-when = when
opt-text = text
opt-id = id
opt-duration = duration
optdesc-when = When: "in 20 minutes", "tomorrow 9am", "every monday 18:00", "2026-12-01 14:00"
optdesc-text = What to say (up to 1000 characters)
optdesc-id = The number shown beside it, such as 12 or #12
optdesc-duration = How much later: 10m, 1h, 2 days
when-unrecognized = I can't read `{$got}` as a time. Try "in 20 minutes", "tomorrow 9am", "next monday 18:00", "every monday 18:00" or "2026-12-01 14:00".
when-ambiguous = Did you mean {$morning} or {$evening}? Add am or pm, or use the 24-hour clock.
when-impossible = `{$got}` is not a real date or time.
when-past = That time has already passed ({$at}). Give a time in the future.
when-too-far = That is too far ahead: reminders reach at most ten years.
when-not-ahead = `{$got}` does not count forward. Give a length of time ahead, such as "in 20 minutes".
parse-not-a-duration = `{$got}` is not a length of time. Try 10m, 1h or 2 days.
remind-set-me = Reminder **#{$id}** set for you: {$at}. “{$text}”
remind-set-here = Reminder **#{$id}** set for this channel: {$at}. “{$text}”
remind-set-circle = Reminder **#{$id}** set for **{$who}**: {$at}. “{$text}”
remind-set-member = Reminder **#{$id}** set for **{$who}**: {$at}. “{$text}”
remind-recurring-next = {$rule}, next on {$next}
remind-not-scheduled = not scheduled
remind-list-empty = You have no reminders. Set one with `remind me in 20 minutes stretch`.
remind-list-header = { $count ->
    [one] 1 reminder:
   *[other] {$count} reminders:
}
remind-list-line = **#{$id}** · {$when} · {$text}{ $paused ->
    [yes] {" "}(paused)
   *[other] {""}
}
remind-unknown = You have no reminder {$id}. `remind list` shows yours.
remind-cancelled = Reminder #{$id} cancelled: “{$text}”
remind-pause-one-off = Reminder #{$id} happens only once; cancel it instead.
remind-already-paused = Reminder #{$id} is already paused.
remind-paused = Reminder #{$id} is paused. `remind resume {$id}` starts it again.
remind-not-paused = Reminder #{$id} is not paused.
remind-resumed = Reminder #{$id} resumed, next on {$next}.
remind-snoozed = I'll remind you again on {$at} (#{$id}).
remind-fire = Reminder: {$text}
remind-fire-from = Reminder from **{$from}**: {$text}
remind-late = { $minutes ->
    [one] (Late by 1 minute: I was offline.)
   *[other] (Late by {$minutes} minutes: I was offline.)
}
remind-missed-header = { $count ->
    [one] While I was offline, you missed 1 reminder:
   *[other] While I was offline, you missed {$count} reminders:
}
remind-missed-line = {$at}: {$text}
button-snooze-10m = Snooze 10 min
button-snooze-1h = Snooze 1 hour
button-snooze-tomorrow = Tomorrow
rule-days = { $n ->
    [one] every day
   *[other] every {$n} days
} at {$time}
rule-weekdays = every weekday at {$time}
rule-weeks = { $n ->
    [one] every {$weekday}
   *[other] every {$n} weeks on {$weekday}
} at {$time}
rule-monthly = the { $nth ->
    [1] first
    [2] second
    [3] third
    [4] fourth
   *[other] last
} {$weekday} of every month at {$time}
weekday-mon = Monday
weekday-tue = Tuesday
weekday-wed = Wednesday
weekday-thu = Thursday
weekday-fri = Friday
weekday-sat = Saturday
weekday-sun = Sunday

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

## Polls
seg-poll = poll
seg-vote = vote
seg-close = close
seg-results = results
seg-export = export
cmd-poll = Polls and quick feedback
cmd-poll-create = Create a poll: question, 2 to 20 options, and optionally multi, anonymous, hide-results
cmd-poll-vote = Vote in a poll by option number
cmd-poll-close = Close a poll (its creator, a host of its circle, or an admin)
cmd-poll-results = Show a poll's results with a chart
cmd-poll-list = List the open polls here
cmd-poll-export = Export a poll as CSV (its creator, a host of its circle, or an admin)
opt-question = question
opt-choices = choices
opt-closes = closes
optdesc-question = The question (up to 300 characters)
optdesc-choices = Options in quotes or separated by ;, plus the words multi, anonymous, hide-results
optdesc-closes = When it closes: "2h", "tomorrow 18:00"
parse-too-many-items = `{$option}` takes at most {$max} items.
poll-header = **Poll #{$id}: {$question}**
poll-option-tally = {$n}. {$label} — { $count ->
    [one] 1 vote
   *[other] {$count} votes
} ({$percent}%)
poll-voters = { $count ->
    [one] 1 voter
   *[other] {$count} voters
}
poll-mode-multi = several choices allowed
poll-mode-anonymous = anonymous
poll-mode-hidden = results hidden until it closes
poll-closes = closes {$at}
poll-closed = closed {$at}
poll-how-to-vote = Vote with the buttons, or `poll vote {$id} <number>`.
poll-choose = Choose your options…
poll-results-header = Results of poll #{$id} ({ $state ->
    [open] open
   *[other] closed
}): {$question} — { $count ->
    [one] 1 voter
   *[other] {$count} voters
}
poll-count = { $count ->
    [one] 1 vote
   *[other] {$count} votes
} ({$percent}%)
poll-chart-alt = Bar chart of poll #{$id}: {$counts}
poll-unknown = There is no poll {$id} here. `poll list` shows the open ones.
poll-duplicate-option = The option “{$option}” is there twice.
poll-option-count = A poll needs 2 to 20 options, not {$count}. Put each option in "double quotes".
poll-closes-once = A poll closes once: give one time, such as closes:2h.
poll-bad-choice = `{$got}` is not an option: choose numbers from 1 to {$count}.
poll-single-choice = Poll #{$id} takes one choice.
poll-is-closed = Poll #{$id} is closed; votes are no longer taken.
poll-vote-cleared = Your vote in poll #{$id} is withdrawn.
poll-voted = Your vote in poll #{$id}: {$choices}. You can change it until the poll closes.
poll-not-yours = Only the creator of poll #{$id}, a host of its circle or an admin can do that.
poll-results-hidden = The results of poll #{$id} are hidden until it closes.
poll-list-empty = There are no open polls here. Start one with `poll create "Question?" "Yes" "No"`.
poll-list-header = { $count ->
    [one] 1 open poll:
   *[other] {$count} open polls:
}
poll-exported = Poll #{$id} exported as CSV.

limit-reminders-member = You already keep {$max} reminders, the most one person may. Cancel one with `remind cancel <id>` first (`remind list` shows them).
limit-reminders-community = This community already has {$max} reminders scheduled, the most it may. Ask an admin to clear old ones.
limit-polls-member = You already have {$max} open polls, the most one person may. Close one with `poll close <id>` first.
limit-polls-community = This community already has {$max} open polls, the most it may. Close some before opening another.
dm-closed-notice = Your direct messages are closed, so I mention you here instead. Allow direct messages from this server's members to get reminders privately.
poll-ballot-offer = Vote privately
poll-ballot-sent = I sent you a private ballot for poll #{$id} in our direct chat: your answer stays between you and me.
poll-ballot-header = Your private ballot for poll #{$id}: **{$question}**. Nobody else sees what you choose; you can change it until the poll closes.
