## Baromètres
seg-pulse = baromètre
seg-question = question
seg-schedule = planifier
seg-answer = répondre
cmd-pulse = Baromètres : quelques questions, posées à intervalles réguliers, avec des réponses privées
cmd-pulse-create = Préparer un baromètre en brouillon, vide ou à partir d'un modèle
cmd-pulse-question = Les questions d'un baromètre en brouillon
cmd-pulse-question-add = Ajouter une question à un baromètre en brouillon
cmd-pulse-question-remove = Retirer une question d'un baromètre en brouillon
cmd-pulse-show = Afficher les questions et le calendrier d'un baromètre
cmd-pulse-schedule = Envoyer un baromètre maintenant ou plus tard, une fois ou en boucle, à un cercle, un rôle ou à tous
cmd-pulse-answer = Répondre par écrit à une question d'un baromètre (les boutons font la même chose)
cmd-pulse-results = Les résultats d'un tour (seulement à partir de k réponses) et leur évolution
cmd-pulse-list = Les baromètres que vous gérez
cmd-pulse-pause = Suspendre un baromètre récurrent (plus de nouveaux tours)
cmd-pulse-resume = Reprendre un baromètre suspendu
cmd-pulse-close = Clore définitivement un baromètre (un tour ouvert se ferme aussitôt)
cmd-pulse-export = Exporter les résultats d'un baromètre en CSV
opt-title = titre
opt-template = modèle
opt-privacy = confidentialité
opt-k = k
opt-promoters = promoteurs
opt-passives = passifs
opt-type = type
opt-options = options
opt-number = numéro
opt-to = pour
opt-open = ouverture
opt-remind = rappel
opt-answer = réponse
opt-run = tour
optdesc-title = Le titre du baromètre (120 caractères au plus)
optdesc-template = Partir d'une série de questions toute prête
optdesc-privacy = Anonyme (par défaut : personne ne voit qui a répondu quoi) ou nominatif
optdesc-k = Les résultats n'apparaissent qu'à partir de ce nombre de réponses (3 ou plus ; 3 par défaut)
optdesc-promoters = Les notes à partir de ce nombre comptent comme promoteurs (9 par défaut)
optdesc-passives = Les notes de ce nombre jusqu'aux promoteurs comptent comme passifs (7 par défaut)
optdesc-type = échelle (1–5), note (0–10), un choix, plusieurs choix ou texte libre
optdesc-options = Pour un ou plusieurs choix : 2 à 20 options ; pour une échelle : les libellés des deux extrémités
optdesc-number = Le numéro de la question
optdesc-to = Qui le reçoit : toute la communauté (par défaut), ou tous ceux qui ont un rôle dans un cercle
optdesc-open = Combien de temps chaque tour reste ouvert (3 jours par défaut)
optdesc-remind = Combien de temps avant la fin du tour relancer qui n'a pas répondu (1 jour par défaut ; « aucun »)
optdesc-answer = Votre réponse : un nombre, des nombres pour plusieurs choix, ou votre texte
optdesc-run = Le numéro du tour (le dernier si vous l'omettez)
choice-template-mentee-checkup = Point d'étape des mentorés
choice-template-mentor-load = Charge des mentors
choice-template-session-feedback = Retour sur une séance
choice-template-enps = eNPS du programme
choice-privacy-anonymous = anonyme
choice-privacy-named = nominatif
choice-type-scale = échelle 1–5
choice-type-nps = note 0–10
choice-type-choice = un choix
choice-type-multi = plusieurs choix
choice-type-text = texte libre
choice-to-community = tout le monde
choice-to-mentor = mentors
choice-to-mentee = mentorés
choice-to-host = animateurs
choice-to-peer = pairs
choice-to-member = membres
pulse-unknown = Il n'y a ici aucun baromètre #{$id} que vous gérez.
pulse-limit = Trop de baromètres sont encore ouverts ici : fermez-en un d'abord.
pulse-bad-bands = Promoteurs et passifs sont des notes de 1 à 10, et le seuil des passifs ne dépasse pas celui des promoteurs.
pulse-created = Baromètre #{$id} **{$title}** créé en brouillon ({ $anonymous ->
    [yes] anonyme
   *[other] nominatif : chaque réponse porte un nom
}, résultats à partir de {$k} réponses) avec { $count ->
    [0] aucune question pour l'instant : ajoutez-en avec `baromètre question ajouter {$id} <type> "<question>" [options…]`
    [one] {$count} question
   *[other] {$count} questions
}. Envoyez-le avec `baromètre planifier {$id}`.
pulse-not-draft = Le baromètre #{$id} a été planifié : ses questions ne changent plus.
pulse-bad-options = Une question « {$kind} » { $count ->
    [0] a besoin d'options, et elle n'en a aucune
   *[other] ne prend pas ce nombre d'options ({$count})
} (un choix et plusieurs choix : 2 à 20 ; échelle : aucune, ou les libellés de ses deux extrémités ; note et texte : aucune).
pulse-too-many-questions = Un baromètre compte au plus {$max} questions.
pulse-question-added = Question {$n} ({$kind}) ajoutée au baromètre #{$id}.
pulse-question-removed = Question {$n} retirée du baromètre #{$id}.
pulse-no-question = Le baromètre #{$id} n'a pas de question {$n}.
pulse-no-questions = Le baromètre #{$id} n'a pas encore de questions.
pulse-audience-community = Pour : toute la communauté
pulse-audience-circle = Pour : le cercle **{$circle}**
pulse-audience-role = Pour : tous les {$role}
pulse-state-draft = brouillon
pulse-state-scheduled = planifié
pulse-state-paused = suspendu
pulse-state-closed = clos
pulse-show-header = **Baromètre #{$id} : {$title}** ({$state}, { $anonymous ->
    [yes] anonyme
   *[other] nominatif
}, résultats à partir de {$k} réponses)
pulse-next-run = Prochain tour : {$at}
pulse-admin-audience = Seuls les admins envoient des baromètres à toute la communauté ou à un rôle ; les animateurs peuvent en envoyer un à leur cercle (`cercle:<nom>`).
pulse-bad-window = Un tour reste ouvert entre 1 heure et 90 jours.
pulse-bad-remind = Le rappel arrive un certain temps avant la fin du tour, plus court que le tour lui-même (« 12h », « 1 jour »), ou « aucun ».
pulse-overlap = Des tours aussi rapprochés se chevaucheraient : espacez la récurrence ou raccourcissez l'ouverture (`ouverture:`).
pulse-scheduled = Le baromètre #{$id} **{$title}** est planifié. {$audience}. Premier tour le {$at}, ouvert {$hours} h
pulse-paused = Le baromètre #{$id} est suspendu : plus de nouveaux tours jusqu'à `baromètre reprendre {$id}`.
pulse-not-scheduled = Le baromètre #{$id} n'est pas planifié, il ne peut donc pas être suspendu.
pulse-not-paused = Le baromètre #{$id} n'est pas suspendu.
pulse-resumed = Le baromètre #{$id} reprend : prochain tour le {$at}.
pulse-resumed-no-run = Le baromètre #{$id} reprend, mais il ne lui reste aucun tour à faire.
pulse-is-closed = Le baromètre #{$id} est déjà clos.
pulse-closed = Le baromètre #{$id} est clos{ $runs ->
    [0] .
   *[other] , et son tour ouvert se ferme maintenant : vous en recevrez le bilan.
}
pulse-list-empty = Vous ne gérez aucun baromètre ici.
pulse-list-header = { $count ->
    [one] {$count} baromètre :
   *[other] {$count} baromètres :
}
pulse-list-line = #{$id} **{$title}** ({$state}, { $runs ->
    [one] {$runs} tour
   *[other] {$runs} tours
})
pulse-list-open = ouvert : {$answered} sur {$asked} ont répondu, se ferme le {$at}
pulse-bad-answer = La question {$n} attend un nombre de {$min} à {$max}.
pulse-not-asked = Ce tour de baromètre (#{$run}) ne vous a pas été envoyé.
pulse-run-closed = **{$title}** est clos : les réponses ne sont plus acceptées.
pulse-answer-cleared = pas de réponse
pulse-answered = Enregistré pour **{$title}**, question {$n} : {$answer}. Questions répondues : {$done} sur {$total} ; vous pouvez modifier chaque réponse jusqu'au {$at}.
pulse-prompt-text = Tapez votre réponse dans le formulaire (ou `baromètre répondre {$run} {$n} <votre réponse>`).
pulse-intro = **{$title}** : { $count ->
    [one] {$count} question
   *[other] {$count} questions
}, ouvert jusqu'au {$at}. Répondez dans l'ordre que vous voulez, et modifiez vos réponses jusque-là. { $anonymous ->
    [yes] Anonyme : personne, pas même les personnes qui gèrent ce bot, ne peut voir qui a répondu quoi ; les résultats n'apparaissent que si au moins {$k} personnes ont répondu.
   *[other] Nominatif : les personnes qui mènent ce baromètre voient qui a répondu quoi.
}
pulse-question-header = **{$n}/{$total}.** {$question}
pulse-scale-ends = {$low} = {$lowlabel} · {$high} = {$highlabel}
pulse-nps-low = pas du tout probable
pulse-nps-high = extrêmement probable
pulse-multi-hint = Choisissez toutes les réponses qui conviennent (appuyez à nouveau pour en retirer une).
pulse-text-hint = Appuyez sur le bouton pour écrire votre réponse, ou envoyez ici `baromètre répondre {$run} {$n} <votre réponse>`.
pulse-text-button = Écrire ma réponse
pulse-reminder = Petit rappel : **{$title}** attend vos réponses, jusqu'au {$at}. Les questions sont plus haut.
pulse-run-closed-summary = Le tour {$run} du baromètre #{$id} **{$title}** est clos : {$answered} sur {$asked} ont répondu ({$percent} %). Voir `baromètre resultats {$id}`.
pulse-no-runs = Le baromètre #{$id} n'a encore eu aucun tour.
pulse-no-run = Le baromètre #{$id} n'a pas de tour {$run}.
pulse-results-header = **Baromètre #{$id} : {$title}**, tour {$run} sur {$runs} ({ $state ->
    [open] ouvert jusqu'au {$at}
   *[other] clos le {$at}
}) : {$answered} sur {$asked} ont répondu ({$percent} %)
pulse-hidden = Masqué tant que moins de {$k} personnes ont répondu ({$count} pour l'instant).
pulse-mean-median = { $count ->
    [one] {$count} réponse
   *[other] {$count} réponses
} · moyenne {$mean} · médiane {$median}
pulse-enps = eNPS {$enps}
pulse-answered-count = { $count ->
    [one] {$count} réponse
   *[other] {$count} réponses
}
pulse-count = { $count ->
    [one] {$count} réponse
   *[other] {$count} réponses
} ({$percent} %)
pulse-more-texts = … et {$count} autres dans l'export.
pulse-by-group = Par rôle : {$groups}
pulse-groups-hidden = autres rôles masqués (moins de {$k} réponses chacun, ou identifiables par déduction)
pulse-trend-header = **Au fil des tours**
pulse-run-label = tour {$run}
pulse-change-up = en hausse de {$by} depuis le tour {$from}
pulse-change-down = en baisse de {$by} depuis le tour {$from}
pulse-change-same = stable depuis le tour {$from}
pulse-chart-alt = Graphique : {$question}, par tour : {$values}
pulse-exported = Les résultats du baromètre #{$id}, en CSV (seulement là où au moins k personnes ont répondu).
pulse-tpl-low = pas du tout
pulse-tpl-high = tout à fait
pulse-tpl-checkup-helping = En ce moment, dans quelle mesure le mentorat vous aide-t-il ?
pulse-tpl-not-at-all = pas du tout
pulse-tpl-a-great-deal = énormément
pulse-tpl-checkup-confident = Ces temps-ci, à quel point vous sentez-vous en confiance dans votre travail ?
pulse-tpl-not-confident = pas du tout en confiance
pulse-tpl-very-confident = tout à fait en confiance
pulse-tpl-checkup-need = Qu'est-ce qui vous aiderait le plus en ce moment ?
pulse-tpl-need-time = Plus de temps avec mon mentor
pulse-tpl-need-resources = Des ressources concrètes
pulse-tpl-need-peers = Échanger avec des collègues
pulse-tpl-need-nothing = Rien : tout va bien
pulse-tpl-checkup-anything = Y a-t-il quelque chose que l'équipe du programme devrait savoir ?
pulse-tpl-load-manageable = Dans quelle mesure votre charge de mentorat est-elle gérable ?
pulse-tpl-far-too-much = beaucoup trop lourde
pulse-tpl-very-manageable = tout à fait gérable
pulse-tpl-load-energy = Combien d'énergie vous reste-t-il pour le mentorat ?
pulse-tpl-none-left = plus du tout
pulse-tpl-plenty = largement assez
pulse-tpl-load-easier = Qu'est-ce qui vous faciliterait le mentorat ?
pulse-tpl-session-useful = Dans quelle mesure votre dernière séance vous a-t-elle été utile ?
pulse-tpl-not-useful = pas utile
pulse-tpl-very-useful = très utile
pulse-tpl-session-on-time = A-t-elle commencé et fini à l'heure prévue ?
pulse-tpl-yes = Oui
pulse-tpl-roughly = À peu près
pulse-tpl-no = Non
pulse-tpl-session-change = Une chose à garder, ou à changer, pour la prochaine fois ?
pulse-tpl-enps-recommend = Quelle est la probabilité que vous recommandiez ce programme à un collègue ?
pulse-tpl-enps-reason = Quelle est la principale raison de votre note ?
seg-feedback = retours
seg-mine = les-miens
cmd-feedback = Retours après les rencontres des cercles, dans les deux sens
cmd-feedback-show = Les retours d'un cercle après ses rencontres (ses animateurs, les admins)
cmd-feedback-mine = Ce que les mentorés disent de vos séances (dès qu'au moins 3 l'ont dit)
cmd-circle-feedback = Demander ou non un retour aux membres d'un cercle après chaque rencontre
opt-switch = état
optdesc-switch = on (activé) ou off (désactivé)
choice-switch-on = activé
choice-switch-off = désactivé
choice-template-mentee-progress = Progrès des mentorés (pour les mentors)
feedback-title-session = Retour sur la séance : {$circle}
feedback-title-progress = Progrès des mentorés : {$circle}
feedback-on = Après chaque rencontre de **{$circle}**, ses mentorés seront interrogés sur la séance et ses mentors sur les progrès de leurs mentorés.
feedback-off = **{$circle}** ne sera plus sollicité pour des retours après ses rencontres.
feedback-none = **{$circle}** n'a pas encore de retours : ils sont demandés après chaque rencontre (un point ou une séance).
feedback-mine-none = Pas encore de retours sur votre mentorat : ils viennent des cercles que vous mentorez ou animez, après leurs rencontres.
feedback-mine-header = **Retours sur vos séances**, {$days} derniers jours : { $runs ->
    [one] {$runs} rencontre
   *[other] {$runs} rencontres
}, { $count ->
    [one] {$count} réponse
   *[other] {$count} réponses
}
pulse-tpl-progress-goals = Où en sont vos mentorés par rapport à leurs objectifs ?
pulse-tpl-stuck = bloqués
pulse-tpl-strong-progress = nets progrès
pulse-tpl-progress-engaged = À quel point étaient-ils impliqués pendant cette séance ?
pulse-tpl-not-engaged = pas impliqués
pulse-tpl-fully-engaged = pleinement impliqués
pulse-tpl-progress-next = Qu'est-ce qui les aiderait le plus pour la suite ?
