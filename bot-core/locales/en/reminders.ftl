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
