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
