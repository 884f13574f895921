## Sondages
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
