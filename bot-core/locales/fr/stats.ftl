## Indicateurs du programme
seg-stats = stats
cmd-stats = Indicateurs du programme : participation, rencontres, rétention, satisfaction, charge des mentors
cmd-stats-show = Les indicateurs du programme sur une période, chacun avec son évolution (`stats` seul fait de même)
cmd-stats-export = Les indicateurs du programme en CSV
opt-period = periode
optdesc-period = Les 30 derniers jours (par défaut), les 90 derniers jours, ou le trimestre en cours
choice-period-30d = 30j
choice-period-90d = 90j
choice-period-term = trimestre
stats-not-allowed = Les indicateurs du programme sont pour les admins, et pour les hôtes au sujet de leurs propres cercles : nommez un cercle que vous animez.
stats-scope-community = toute la communauté
stats-scope-circle = cercle {$name}
stats-scope-hosted = { $count ->
    [one] le cercle que vous animez
   *[other] les {$count} cercles que vous animez
}
stats-period-days = les {$days} derniers jours
stats-period-term = ce trimestre (depuis le {$since})
stats-header = **Indicateurs du programme : {$scope}, {$period}** (du {$from} au {$to})
stats-participation = Participation : {$active} membres actifs sur {$members} ({$percent} %)
stats-meetings = Rencontres par cercle et par mois : {$rate} ({$meetings} rencontres dans {$circles} cercles)
stats-checkin-rate = Taux de suivi : {$met} cercles sur {$circles} ont fait un point ({$percent} %)
stats-rounds = Séances d'intervision tenues : {$count}
stats-goals = Objectifs atteints : {$done} sur {$goals} ({$percent} %)
stats-retention = Rétention : {$parts}
stats-retention-part = à {$weeks} semaines {$percent} % ({$kept} sur {$reached})
stats-retention-nobody = à {$weeks} semaines personne n'a atteint le repère
stats-satisfaction = Satisfaction : {$mean} sur 5 ({$count} réponses à des questions d'échelle)
stats-satisfaction-none = Satisfaction : aucune question d'échelle n'a eu assez de réponses pour être montrée
stats-enps = eNPS : {$enps} ({$count} réponses)
stats-enps-none = eNPS : aucune question de 0 à 10 n'a eu assez de réponses pour être montrée
stats-load = Charge des mentors : {$mentors} mentors, {$mentees} mentorés par mentor (au plus : {$mentees_max}), {$sessions} séances par mentor sur la période (au plus : {$sessions_max})
stats-load-none = Charge des mentors : aucun cercle n'a à la fois un mentor et un mentoré
stats-at-risk = Cercles en difficulté : { $count ->
    [0] aucun
   *[other] {$count}
}
stats-at-risk-line = {$name} : {$days} jours sans rencontre (relance après {$nudge})
stats-at-risk-more = et {$count} de plus (tous sont dans `stats exporter`)
stats-change-up = en hausse de {$by} par rapport à {$was}
stats-change-down = en baisse de {$by} par rapport à {$was}
stats-change-same = comme sur la période précédente
stats-change-none = rien à comparer sur la période précédente
stats-points = { $count ->
    [one] 1 point
   *[other] {$count} points
}
stats-footer = Ce que veut dire chaque indicateur : `{$help}`.
stats-chart-title = Taux du programme (%)
stats-chart-alt = Diagramme en barres des taux du programme, en pourcentage : {$values}.
stats-bar-participation = Participation
stats-bar-checkin-rate = Taux de suivi
stats-bar-goals = Objectifs atteints
stats-bar-retention = Rétention {$weeks} semaines
stats-bar-value-was = {$percent} % (avant : {$was} %)
stats-exported = Les indicateurs du programme, en CSV.
stats-definitions = **Ce que veulent dire les indicateurs.** Chacun compare la période (30 ou 90 jours, ou le trimestre : depuis le 1er septembre, le 1er janvier ou le 1er avril) à celle d'avant, de même durée.
    Périmètre : les cercles actifs, le cercle nommé, ou ceux d'un hôte. Membres : leurs personnes aujourd'hui, arrivées avant la fin de la période. Actif : a fait un point, participé ou écrit à une séance, fixé ou atteint un objectif (pour des cercles : leurs points et séances seulement).
    Participation : membres actifs ÷ membres.
    Rencontres par cercle et par mois : jours où un cercle a fait un point ou fini une séance ÷ cercles, par 30 jours.
    Taux de suivi : cercles qui se sont réunis au moins une fois ÷ cercles.
    Séances tenues : séances terminées (pas annulées).
    Objectifs atteints : objectifs atteints ÷ objectifs des membres ouverts pendant la période.
    Rétention à 4, 8 et 12 semaines : parmi ceux dont les 4, 8 ou 12 semaines depuis leur arrivée dans un cercle tombent dans la période, la part active dans les deux semaines d'avant ou depuis.
    Satisfaction : moyenne des réponses aux questions d'échelle (1–5) des sondages ouverts dans la période (hors avis des mentors sur les progrès), questions d'au moins k réponses.
    eNPS : promoteurs moins détracteurs, en % des réponses aux questions 0–10 (seuils de chaque sondage, même règle des k).
    Charge des mentors (aujourd'hui) : mentors et hôtes de cercles avec mentorés ; leurs mentorés et les rencontres de leurs cercles.
    Cercles en difficulté : dernière rencontre (ou début) plus ancienne que leur délai de relance.
