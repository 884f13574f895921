## Segments de commande (minuscules, sans espace : ce sont aussi des noms Discord)
seg-help = aide
seg-circle = cercle
seg-create = créer
seg-join = rejoindre
seg-leave = quitter
seg-list = liste
seg-info = info
seg-add = ajouter
seg-remove = retirer
seg-host = animer
seg-archive = archiver
seg-settings = paramètres
seg-show = afficher
seg-timezone = fuseau
seg-language = langue
seg-community = communauté

cmd-help = Afficher les commandes, ou comment en utiliser une
cmd-circle = Cercles de mentorat
cmd-circle-create = Créer un cercle de mentorat
cmd-circle-join = Rejoindre un cercle
cmd-circle-leave = Quitter un cercle
cmd-circle-list = Lister les cercles de cette communauté
cmd-circle-info = Afficher les membres et les détails d'un cercle
cmd-circle-add = Ajouter un membre à un cercle (animateurs et admins)
cmd-circle-remove = Retirer un membre d'un cercle (animateurs et admins)
cmd-circle-host = Faire d'un membre un animateur du cercle (animateurs et admins)
cmd-circle-archive = Archiver un cercle (animateurs et admins)
cmd-settings = Vos paramètres et ceux de la communauté
cmd-settings-show = Afficher votre langue et votre fuseau horaire
cmd-settings-timezone = Choisir votre fuseau horaire
cmd-settings-language = Choisir votre langue
cmd-settings-community = Valeurs par défaut de la communauté (admins)
cmd-settings-community-language = Choisir la langue par défaut de la communauté (admins)
cmd-settings-community-timezone = Choisir le fuseau horaire par défaut de la communauté (admins)

opt-command = commande
opt-name = nom
opt-topic = sujet
opt-capacity = capacité
opt-kind = type
opt-circle = cercle
opt-member = membre
opt-role = rôle
opt-zone = fuseau
opt-language = langue
optdesc-command = La commande à expliquer
optdesc-name = Le nom du cercle (100 caractères au plus)
optdesc-topic = Le thème du cercle
optdesc-capacity = Combien de membres il peut accueillir (8 par défaut)
optdesc-kind = Mentorat de groupe, entre pairs ou d'équipe
optdesc-circle = Le nom du cercle
optdesc-member = Un membre de cette communauté
optdesc-role = Le rôle du membre dans le cercle
optdesc-zone = Un fuseau horaire IANA, par exemple Europe/Paris
optdesc-language = Anglais, français ou néerlandais

choice-kind-group = groupe
choice-kind-peer = pairs
choice-kind-team = équipe
choice-role-mentor = mentor
choice-role-mentee = mentoré
choice-role-peer = pair
choice-role-host = animateur

parse-empty = Tapez une commande, ou `aide` pour les voir toutes.
parse-unclosed-quote = Un guillemet n'est pas fermé. Mettez les noms qui contiennent des espaces entre "guillemets droits".
parse-unknown-command = Je ne connais pas la commande `{$input}`. Tapez `aide` pour les voir toutes.
parse-unknown-command-suggest = Je ne connais pas la commande `{$input}`. Vouliez-vous dire `{$suggestion}` ?
parse-unknown-subcommand = `{$group}` n'a pas de `{$input}`. Choisissez parmi : {$subcommands}.
parse-unknown-subcommand-suggest = Je ne connais pas `{$input}`. Vouliez-vous dire `{$suggestion}` ?
parse-missing-subcommand = `{$group}` attend encore un mot : {$subcommands}.
parse-missing-argument = `{$option}` manque. Utilisation : `{$usage}`
parse-unexpected-argument = Je n'attendais pas `{$extra}`. Mettez les noms qui contiennent des espaces entre "guillemets droits". Utilisation : `{$usage}`
parse-unknown-option = Cette commande n'a pas d'option `{$name}`. Utilisation : `{$usage}`
parse-unknown-option-suggest = Cette commande n'a pas d'option `{$name}`. Vouliez-vous dire `{$suggestion}` ?
parse-duplicate-option = `{$option}` est donné deux fois.
parse-not-an-integer = `{$option}` doit être un nombre entier de {$min} à {$max}, pas `{$got}`.
parse-too-long = `{$option}` est trop long : {$max} caractères au plus.
parse-invalid-choice = `{$got}` n'est pas une valeur valide pour `{$option}`. Choisissez parmi : {$allowed}. La plus proche : {$suggestion}
parse-unknown-timezone = Je ne connais pas le fuseau horaire `{$got}`. Utilisez un nom IANA comme Europe/Paris ou America/Montreal.
parse-unknown-timezone-suggest = Je ne connais pas le fuseau horaire `{$got}`. Vouliez-vous dire `{$suggestion}` ?
parse-unknown-language = Je ne parle pas encore `{$got}`. Choisissez l'anglais (en), le français (fr) ou le néerlandais (nl).

text-empty = { $what ->
    [name] Le nom
    [text] Le texte du rappel
    [note] La note
    [goal] L'objectif
    [question] La question
    [option] Une option
   *[other] Le sujet
} ne peut pas être vide.
text-too-long = { $what ->
    [name] Le nom
    [text] Le texte du rappel
    [note] La note
    [goal] L'objectif
    [question] La question
    [option] Une option
   *[other] Le sujet
} est trop long : {$max} caractères au plus.
text-invalid-character = { $what ->
    [name] Le nom
    [text] Le texte du rappel
    [note] La note
    [goal] L'objectif
    [question] La question
    [option] Une option
   *[other] Le sujet
} contient un caractère invisible ou de contrôle. Retapez-le sans ce caractère.

action-unknown = Ce bouton ne fonctionne plus. Relancez la commande.
internal-error = Désolé, un problème est survenu de mon côté. Réessayez dans un instant.
input-nul = Votre message contient un caractère NUL (U+0000), que je ne peux pas lire. Renvoyez-le sans ce caractère.
permission-admin = Seuls les admins de la communauté peuvent utiliser `{$command}`.
permission-host = Seul un animateur de **{$circle}** ou un admin peut faire cela.

member-unknown = Je ne connais aucun membre nommé *{$name}*. Il doit avoir déjà écrit ici, ou mentionnez-le.
member-unknown-suggest = Je ne connais aucun membre nommé *{$name}*. Vouliez-vous dire **{$suggestion}** ?
member-ambiguous = { $count ->
   *[other] {$count} membres s'appellent *{$name}*. Mentionnez celui que vous voulez dire.
}

circle-unknown = Il n'y a pas de cercle nommé *{$name}*. `{$list}` les affiche tous.
circle-unknown-suggest = Il n'y a pas de cercle nommé *{$name}*. Vouliez-vous dire **{$suggestion}** ?
circle-gone = Ce cercle a été archivé.
circle-name-taken = Un cercle nommé **{$name}** existe déjà. Choisissez un autre nom.
circle-created = Cercle **{$name}** créé ({$count}/{$capacity}). Invitez des membres avec `{$add}`, ou rejoignez-le avec `{$join}`.
circle-joined = Vous avez rejoint **{$name}** comme {$role} ({$count}/{$capacity}).
circle-already-member = Vous êtes déjà dans **{$name}** (comme {$role}).
circle-full = **{$name}** est complet ({$capacity}/{$capacity}).
circle-not-member = Vous n'êtes pas dans **{$name}**.
circle-left = Vous avez quitté **{$name}** ({$count}/{$capacity}).
circle-list-empty = Il n'y a pas encore de cercle. Un admin peut en créer un avec `{$create}`.
circle-list-header = { $count ->
    [one] {$count} cercle :
   *[other] {$count} cercles :
}
circle-list-line = **{$name}** — {$count}/{$capacity} membres · {$kind}{$topic}
circle-list-header-page = {$count} cercles (page {$page} sur {$pages}) :
circle-list-more = `{$next}` affiche la page suivante.
circle-list-no-page = Il n'y a pas de page {$page} : la liste en compte {$pages}.
opt-page = page
optdesc-page = Quelle page de la liste (1 est la première)
circle-info-header = **{$name}** · {$kind} · {$count}/{$capacity} membres
circle-info-topic = Sujet : {$topic}
circle-info-no-members = Pas encore de membres.
circle-info-members = Membres : {$members}
circle-info-created = Créé le {$date}
circle-added = **{$member}** ajouté à **{$name}** comme {$role} ({$count}/{$capacity}).
circle-role-changed = **{$member}** est maintenant {$role} dans **{$name}**.
circle-member-already = **{$member}** est déjà dans **{$name}** (comme {$role}).
circle-member-not-in = **{$member}** n'est pas dans **{$name}**.
circle-removed = **{$member}** retiré de **{$name}** ({$count}/{$capacity}).
circle-already-host = **{$member}** anime déjà **{$name}**.
circle-host-set = **{$member}** anime maintenant **{$name}**.
circle-archived = **{$name}** est archivé. Son historique est conservé et son nom est de nouveau libre.

button-join = Rejoindre
button-leave = Quitter
button-checkin = Faire le point
button-info = Détails

settings-unset = non défini
settings-show = Langue : {$locale} · Fuseau horaire : {$timezone} (il est {$now})
    Vos choix : langue {$own_locale}, fuseau {$own_timezone}
    Par défaut dans la communauté : langue {$community_locale}, fuseau {$community_timezone}
settings-timezone-set = Votre fuseau horaire est maintenant {$timezone}. Il y est {$now}.
settings-language-set = Je vous parlerai en {$language}.
settings-community-language-set = La langue par défaut de la communauté est maintenant : {$language}.
settings-community-timezone-set = Le fuseau horaire par défaut de la communauté est maintenant {$timezone} ({$now}).

help-header = Commandes :
help-header-prefix = Commandes (commencez chacune par `{$prefix}`) :
help-footer = `{$help} cercle` liste les commandes d'un groupe ; `{$help} cercle créer` en explique une.
help-named-options = Les options peuvent aussi être données par leur nom, par exemple `capacité:6` ; mettez le texte avec des espaces entre "guillemets droits".

console-welcome = Console mentorbot : une communauté locale dont vous ({$name}) êtes admin. Tapez `aide` pour les commandes, `as <nom>` pour parler au nom de quelqu'un d'autre, `quit` pour sortir.
console-as = Vous écrivez maintenant en tant que {$name}.
console-as-admin = Vous écrivez maintenant en tant que {$name} (admin).
console-as-usage = Utilisation : `as <nom>`, ou `as <nom> admin`.
console-choice-unknown = Il n'y a pas de choix {$number} : choisissez de 1 à {$count}.
console-direct = Message privé pour {$name} :
console-thread = Dans le fil « {$title} » :
matrix-cannot-decrypt = Je n’ai pas pu déchiffrer un message dans ce salon, je ne peux donc pas y répondre. Pour que je participe, vérifiez mon appareil ou partagez-lui les clés du salon.
run-no-platform = Aucune plateforme de discussion n'est configurée : mentorbot lance la console locale. Pour Discord, définissez discord.token (ou MENTORBOT__DISCORD__TOKEN) ; pour Matrix, matrix.homeserver_url, matrix.user_id et matrix.password (ou MENTORBOT__MATRIX__…). `mentorbot console` lance la console seule.

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

seg-poll = sondage
seg-vote = voter
seg-close = fermer
seg-results = resultats
seg-export = exporter
cmd-poll = Sondages et retours rapides
cmd-poll-create = Créer un sondage : question, 2 à 20 options, et si besoin multi, anonyme, masquer-resultats
cmd-poll-vote = Voter dans un sondage par numéro d'option
cmd-poll-close = Fermer un sondage (son auteur, un animateur de son cercle ou un admin)
cmd-poll-results = Afficher les résultats d'un sondage avec un graphique
cmd-poll-list = Lister les sondages ouverts ici
cmd-poll-export = Exporter un sondage en CSV (son auteur, un animateur de son cercle ou un admin)
opt-question = question
opt-choices = options
opt-closes = fin
optdesc-question = La question (300 caractères au plus)
optdesc-choices = Options entre guillemets ou séparées par ;, et les mots multi, anonyme, masquer-resultats
optdesc-closes = Quand il se ferme : « 2h », « demain 18h »
parse-too-many-items = `{$option}` accepte au plus {$max} éléments.
poll-header = **Sondage #{$id} : {$question}**
poll-option-tally = {$n}. {$label} — { $count ->
    [one] {$count} voix
   *[other] {$count} voix
} ({$percent} %)
poll-voters = { $count ->
    [one] {$count} votant
   *[other] {$count} votants
}
poll-mode-multi = plusieurs choix possibles
poll-mode-anonymous = anonyme
poll-mode-hidden = résultats masqués jusqu'à la fermeture
poll-closes = se ferme le {$at}
poll-closed = fermé le {$at}
poll-how-to-vote = Votez avec les boutons, ou `sondage voter {$id} <numéro>`.
poll-choose = Choisissez vos options…
poll-results-header = Résultats du sondage #{$id} ({ $state ->
    [open] ouvert
   *[other] fermé
}) : {$question} — { $count ->
    [one] {$count} votant
   *[other] {$count} votants
}
poll-count = { $count ->
    [one] {$count} voix
   *[other] {$count} voix
} ({$percent} %)
poll-chart-alt = Diagramme en barres du sondage #{$id} : {$counts}
poll-unknown = Il n'y a pas de sondage {$id} ici. `sondage liste` affiche ceux qui sont ouverts.
poll-duplicate-option = L'option « {$option} » figure deux fois.
poll-option-count = Un sondage a besoin de 2 à 20 options, pas {$count}. Mettez chaque option entre "guillemets".
poll-closes-once = Un sondage se ferme une fois : donnez un seul moment, par exemple fin:2h.
poll-bad-choice = `{$got}` n'est pas une option : choisissez des numéros de 1 à {$count}.
poll-single-choice = Le sondage #{$id} n'accepte qu'un choix.
poll-is-closed = Le sondage #{$id} est fermé ; les votes ne sont plus acceptés.
poll-vote-cleared = Votre vote au sondage #{$id} est retiré.
poll-voted = Votre vote au sondage #{$id} : {$choices}. Vous pouvez le changer jusqu'à la fermeture.
poll-not-yours = Seul l'auteur du sondage #{$id}, un animateur de son cercle ou un admin peut faire cela.
poll-results-hidden = Les résultats du sondage #{$id} sont masqués jusqu'à sa fermeture.
poll-list-empty = Aucun sondage ouvert ici. Lancez-en un avec `sondage créer "Question ?" "Oui" "Non"`.
poll-list-header = { $count ->
    [one] {$count} sondage ouvert :
   *[other] {$count} sondages ouverts :
}
poll-exported = Sondage #{$id} exporté en CSV.

limit-reminders-member = Vous avez déjà {$max} rappels, le maximum pour une personne. Annulez-en un avec `rappel annuler <id>` d’abord (`rappel liste` les montre).
limit-reminders-community = Cette communauté a déjà {$max} rappels prévus, son maximum. Demandez à un admin d’effacer les anciens.
limit-polls-member = Vous avez déjà {$max} sondages ouverts, le maximum pour une personne. Fermez-en un avec `sondage fermer <id>` d’abord.
limit-polls-community = Cette communauté a déjà {$max} sondages ouverts, son maximum. Fermez-en avant d’en ouvrir un autre.
dm-closed-notice = Vos messages privés sont fermés, je vous mentionne donc ici. Autorisez les messages privés des membres de ce serveur pour recevoir vos rappels en privé.
poll-ballot-offer = Voter en privé
poll-ballot-sent = Je vous ai envoyé un bulletin privé pour le sondage n°{$id} dans notre conversation privée : votre réponse reste entre nous.
poll-ballot-header = Votre bulletin privé pour le sondage n°{$id} : **{$question}**. Personne d’autre ne voit votre choix ; vous pouvez le changer jusqu’à la clôture.
