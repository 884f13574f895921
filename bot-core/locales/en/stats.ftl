## Programme figures
seg-stats = stats
cmd-stats = Programme figures: participation, meetings, retention, satisfaction, mentor load
cmd-stats-show = The programme's figures for a period, each with its change (`stats` alone does the same)
cmd-stats-export = The programme's figures as CSV
opt-period = period
optdesc-period = The last 30 days (the default), the last 90 days, or the current term
choice-period-30d = 30d
choice-period-90d = 90d
choice-period-term = term
stats-not-allowed = Programme figures are for admins, and for hosts about their own circles: name a circle you host.
stats-scope-community = the whole community
stats-scope-circle = circle {$name}
stats-scope-hosted = { $count ->
    [one] the circle you host
   *[other] the {$count} circles you host
}
stats-period-days = the last {$days} days
stats-period-term = this term (since {$since})
stats-header = **Programme figures: {$scope}, {$period}** ({$from} to {$to})
stats-participation = Participation: {$active} of {$members} members active ({$percent}%)
stats-meetings = Meetings per circle per month: {$rate} ({$meetings} meetings in {$circles} circles)
stats-checkin-rate = Check-in rate: {$met} of {$circles} circles checked in ({$percent}%)
stats-rounds = Rounds held: {$count}
stats-goals = Goal completion: {$done} of {$goals} goals reached ({$percent}%)
stats-retention = Retention: {$parts}
stats-retention-part = at {$weeks} weeks {$percent}% ({$kept} of {$reached})
stats-retention-nobody = at {$weeks} weeks nobody reached the mark
stats-satisfaction = Satisfaction: {$mean} of 5 ({$count} answers to scale questions)
stats-satisfaction-none = Satisfaction: no scale question had enough answers to be shown
stats-enps = eNPS: {$enps} ({$count} answers)
stats-enps-none = eNPS: no 0–10 question had enough answers to be shown
stats-load = Mentor load: {$mentors} mentors, {$mentees} mentees per mentor (most: {$mentees_max}), {$sessions} sessions per mentor in the period (most: {$sessions_max})
stats-load-none = Mentor load: no circle has both a mentor and a mentee
stats-at-risk = Circles at risk: { $count ->
    [0] none
   *[other] {$count}
}
stats-at-risk-line = {$name}: {$days} days without a meeting (nudged after {$nudge})
stats-at-risk-more = and {$count} more (all are in `stats export`)
stats-change-up = up {$by} from {$was}
stats-change-down = down {$by} from {$was}
stats-change-same = as in the period before
stats-change-none = nothing to compare with in the period before
stats-points = { $count ->
    [one] 1 point
   *[other] {$count} points
}
stats-footer = What each figure means: `{$help}`.
stats-chart-title = Programme rates (%)
stats-chart-alt = Bar chart of the programme's rates in percent: {$values}.
stats-bar-participation = Participation
stats-bar-checkin-rate = Check-in rate
stats-bar-goals = Goal completion
stats-bar-retention = Retention {$weeks} weeks
stats-bar-value-was = {$percent}% (was {$was}%)
stats-exported = The programme's figures, as CSV.
stats-definitions = **What the figures mean.** Each compares the period (30 or 90 days, or the term: since 1 September, 1 January or 1 April) with the one as long before it.
    Scope: the community's active circles, the circle named, or a host's circles. Members: the people in them now who had joined by the period's end. Active: checked in, took part in or wrote in a round, or set or reached a goal (for circles: only their check-ins and rounds).
    Participation: active members ÷ members.
    Meetings per circle per month: days on which a circle checked in or finished a round ÷ circles, per 30 days.
    Check-in rate: circles that met at least once ÷ circles.
    Rounds held: rounds that ended (not cancelled).
    Goal completion: goals reached ÷ the members' goals open at some point in the period.
    Retention at 4, 8, 12 weeks: of those whose 4, 8 or 12 weeks since first joining a circle fell in the period, the share active in the two weeks before that mark or since.
    Satisfaction: mean of the answers to scale questions (1–5) of pulses opened in the period (not mentors' ratings of mentee progress), only questions with at least k answers.
    eNPS: promoters minus detractors, in % of answers to 0–10 questions (each pulse's bands, the same k rule).
    Mentor load (now): mentors and hosts of circles with mentees; their mentees, and their circles' meetings in the period.
    Circles at risk: last meeting (or start) longer ago than their nudge period.
