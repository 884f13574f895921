## Points d’étape, objectifs, disponibilités, relances
seg-checkin = point
seg-goal = objectif
seg-set = fixer
seg-done = atteint
seg-nudge = relance
seg-thread = fil
seg-away = absent
seg-back = retour
seg-quiet-hours = heures-calmes
cmd-checkin = Noter une rencontre ou un progrès (nommez d'abord un cercle pour le sien)
cmd-goal = Vos objectifs
cmd-goal-set = Vous fixer un objectif
cmd-goal-list = Lister vos objectifs
cmd-goal-done = Marquer un objectif comme atteint
cmd-circle-nudge = Relancer un cercle après tant de jours sans point (animateurs et admins)
cmd-circle-thread = Ouvrir un fil de discussion pour un cercle ; ses relances y vont (animateurs et admins)
cmd-settings-away = Être absent (sans relance) jusqu'à une date
cmd-settings-back = Vous êtes de retour : les relances reprennent
cmd-settings-quiet-hours = Heures pendant lesquelles rien ne vous est envoyé, ou « off »
opt-note = note
opt-goal = objectif
opt-days = jours
opt-until = jusqua
opt-hours = heures
optdesc-note = Ce qui s'est passé, ce que vous avez appris, la suite
optdesc-goal = L'objectif (500 caractères au plus)
optdesc-days = Jours sans point avant la relance (1 à 365, 14 par défaut)
optdesc-until = Jusqu'à quand : « 2026-12-24 », « lundi prochain »
optdesc-hours = Par exemple 22:00-08:00 dans votre fuseau, ou « off »
checkin-empty = Dites-moi quoi noter : `point <cercle> <note>` pour une rencontre de cercle, ou `point <note>` pour vous.
checkin-not-member = Vous n’êtes pas dans **{$name}** : vous ne pouvez pas en noter les rencontres. Rejoignez-le d’abord avec `cercle rejoindre`.
checkin-circle = Point #{$id} noté pour **{$name}**. Je relancerai le cercle si personne ne fait le point d'ici le {$next}.
checkin-personal = Point #{$id} noté.
checkin-prompt-title = Point : {$name}
checkin-prompt-label = Qu’a fait le cercle ?
checkin-prompt-text = Dites-moi ce qu’a fait **{$name}** (ou utilisez `{$checkin}`).
goal-set = Objectif **#{$id}** fixé : « {$text} ». `objectif atteint {$id}` quand vous l'atteignez.
goal-list-empty = Vous n'avez pas encore d'objectif. Fixez-en un avec `objectif fixer <texte>`.
goal-list-header = { $count ->
    [one] {$count} objectif :
   *[other] {$count} objectifs :
}
goal-line = **#{$id}** {$text}{ $done ->
    [yes] {" "}(atteint)
   *[other] {""}
}
goal-unknown = Vous n'avez pas d'objectif ouvert {$id}. `objectif liste` affiche les vôtres.
goal-done = Bravo ! Objectif #{$id} atteint : « {$text} »
nudge-set = **{$name}** sera relancé après {$days} jours sans point ; prochaine vérification le {$next}.
circle-thread-opened = Le fil de discussion de **{$name}** est ouvert ; les relances du cercle y vont.
circle-thread-welcome = Voici le fil de discussion de **{$name}**. Faites le point ici avec `{$checkin}`.
away-not-recurring = Donnez une seule date de retour, par exemple `paramètres absent jusqu'au 2026-12-24`.
away-set = Vous êtes absent jusqu'au {$until} : personne ne vous relancera d'ici là. `paramètres retour` y met fin plus tôt.
away-cleared = Bon retour ! Les relances vous parviennent de nouveau.
quiet-cleared = Heures calmes désactivées : les messages vous parviennent à toute heure.
quiet-invalid = `{$got}` n'est pas une plage horaire. Écrivez par exemple 22:00-08:00, ou « off ».
quiet-set = Heures calmes : {$hours} ({$timezone}). Les messages pour vous attendent leur fin.
nudge-circle = **{$name}** n'a pas fait de point depuis {$days} jours. À votre prochaine rencontre, notez-la avec `{$checkin}`.
nudge-host = **{$name}**, que vous animez, n'a pas fait de point depuis {$days} jours. Pourriez-vous réunir le cercle ?
nudge-admin = **{$name}** n'a pas fait de point depuis {$days} jours, et ses animateurs n'ont pas réagi. Il lui faut peut-être un nouvel animateur.
