## Rappels
seg-remind = rappel
seg-me = moi
seg-here = ici
seg-member = membre
seg-cancel = annuler
seg-snooze = reporter
seg-pause = suspendre
seg-resume = reprendre
cmd-remind = Rappels
cmd-remind-me = Vous rappeler quelque chose (en privé)
cmd-remind-here = Rappeler quelque chose à ce salon
cmd-remind-circle = Rappeler quelque chose à un cercle dans ce salon (animateurs et admins)
cmd-remind-member = Rappeler quelque chose à un membre par message privé
cmd-remind-list = Lister vos rappels
cmd-remind-cancel = Annuler un rappel
cmd-remind-snooze = Être rappelé plus tard
cmd-remind-pause = Suspendre un rappel récurrent
cmd-remind-resume = Reprendre un rappel suspendu
opt-when = quand
opt-text = texte
opt-id = id
opt-duration = durée
optdesc-when = Quand : « dans 20 minutes », « demain 9h », « chaque lundi 18h », « 2026-12-01 14:00 »
optdesc-text = Le message (1000 caractères au plus)
optdesc-id = Le numéro affiché à côté, par exemple 12 ou #12
optdesc-duration = Combien de temps plus tard : 10m, 1h, 2 jours
when-unrecognized = Je ne comprends pas `{$got}` comme une date. Essayez « dans 20 minutes », « demain 9h », « lundi prochain 18h », « chaque lundi 18h » ou « 2026-12-01 14:00 ».
when-ambiguous = Vouliez-vous dire {$morning} ou {$evening} ? Utilisez l'heure sur 24 heures (par exemple 17h).
when-impossible = `{$got}` n'est pas une date ou une heure qui existe.
when-past = Ce moment est déjà passé ({$at}). Donnez un moment dans le futur.
when-too-far = C'est trop loin : un rappel porte sur dix ans au plus.
when-not-ahead = `{$got}` ne compte pas vers l’avant. Donnez une durée à venir, par exemple « dans 20 minutes ».
parse-not-a-duration = `{$got}` n'est pas une durée. Essayez 10m, 1h ou 2 jours.
remind-set-me = Rappel **#{$id}** créé pour vous : {$at}. « {$text} »
remind-set-here = Rappel **#{$id}** créé pour ce salon : {$at}. « {$text} »
remind-set-circle = Rappel **#{$id}** créé pour **{$who}** : {$at}. « {$text} »
remind-set-member = Rappel **#{$id}** créé pour **{$who}** : {$at}. « {$text} »
remind-recurring-next = {$rule}, prochain le {$next}
remind-not-scheduled = non programmé
remind-list-empty = Vous n'avez aucun rappel. Créez-en un avec `rappel moi dans 20 minutes s'étirer`.
remind-list-header = { $count ->
    [one] {$count} rappel :
   *[other] {$count} rappels :
}
remind-list-line = **#{$id}** · {$when} · {$text}{ $paused ->
    [yes] {" "}(suspendu)
   *[other] {""}
}
remind-unknown = Vous n'avez pas de rappel {$id}. `rappel liste` affiche les vôtres.
remind-cancelled = Rappel #{$id} annulé : « {$text} »
remind-pause-one-off = Le rappel #{$id} n'a lieu qu'une fois ; annulez-le plutôt.
remind-already-paused = Le rappel #{$id} est déjà suspendu.
remind-paused = Rappel #{$id} suspendu. `rappel reprendre {$id}` le relance.
remind-not-paused = Le rappel #{$id} n'est pas suspendu.
remind-resumed = Rappel #{$id} repris, prochain le {$next}.
remind-snoozed = Je vous le rappellerai le {$at} (#{$id}).
remind-fire = Rappel : {$text}
remind-fire-from = Rappel de **{$from}** : {$text}
remind-late = { $minutes ->
    [one] (Avec {$minutes} minute de retard : j'étais hors ligne.)
   *[other] (Avec {$minutes} minutes de retard : j'étais hors ligne.)
}
remind-missed-header = { $count ->
    [one] Pendant que j'étais hors ligne, vous avez manqué {$count} rappel :
   *[other] Pendant que j'étais hors ligne, vous avez manqué {$count} rappels :
}
remind-missed-line = {$at} : {$text}
button-snooze-10m = Dans 10 min
button-snooze-1h = Dans 1 heure
button-snooze-tomorrow = Demain
rule-days = { $n ->
    [one] tous les jours
   *[other] tous les {$n} jours
} à {$time}
rule-weekdays = chaque jour de semaine à {$time}
rule-weeks = { $n ->
    [one] chaque {$weekday}
   *[other] toutes les {$n} semaines le {$weekday}
} à {$time}
rule-monthly = le { $nth ->
    [1] premier
    [2] deuxième
    [3] troisième
    [4] quatrième
   *[other] dernier
} {$weekday} de chaque mois à {$time}
weekday-mon = lundi
weekday-tue = mardi
weekday-wed = mercredi
weekday-thu = jeudi
weekday-fri = vendredi
weekday-sat = samedi
weekday-sun = dimanche
