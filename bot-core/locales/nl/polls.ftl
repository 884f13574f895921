## Peilingen
seg-poll = peiling
seg-vote = stemmen
seg-close = sluiten
seg-results = resultaten
seg-export = exporteren
cmd-poll = Peilingen en snelle feedback
cmd-poll-create = Maak een peiling: vraag, 2 tot 20 opties, en eventueel meerdere, anoniem, verberg-resultaten
cmd-poll-vote = Stem in een peiling met het nummer van een optie
cmd-poll-close = Sluit een peiling (de maker, een begeleider van de kring of een beheerder)
cmd-poll-results = Toon de resultaten van een peiling met een grafiek
cmd-poll-list = Toon de open peilingen hier
cmd-poll-export = Exporteer een peiling als CSV (de maker, een begeleider van de kring of een beheerder)
opt-question = vraag
opt-choices = opties
opt-closes = sluit
optdesc-question = De vraag (hoogstens 300 tekens)
optdesc-choices = Opties tussen aanhalingstekens of met ; gescheiden, plus meerdere, anoniem, verberg-resultaten
optdesc-closes = Wanneer ze sluit: "2h", "morgen 18:00"
parse-too-many-items = `{$option}` neemt hoogstens {$max} items.
poll-header = **Peiling #{$id}: {$question}**
poll-option-tally = {$n}. {$label} — { $count ->
    [one] 1 stem
   *[other] {$count} stemmen
} ({$percent}%)
poll-voters = { $count ->
    [one] 1 stemmer
   *[other] {$count} stemmers
}
poll-mode-multi = meerdere keuzes mogelijk
poll-mode-anonymous = anoniem
poll-mode-hidden = resultaten verborgen tot ze sluit
poll-closes = sluit op {$at}
poll-closed = gesloten op {$at}
poll-how-to-vote = Stem met de knoppen, of `peiling stemmen {$id} <nummer>`.
poll-choose = Kies je opties…
poll-results-header = Resultaten van peiling #{$id} ({ $state ->
    [open] open
   *[other] gesloten
}): {$question} — { $count ->
    [one] 1 stemmer
   *[other] {$count} stemmers
}
poll-count = { $count ->
    [one] 1 stem
   *[other] {$count} stemmen
} ({$percent}%)
poll-chart-alt = Staafdiagram van peiling #{$id}: {$counts}
poll-unknown = Er is hier geen peiling {$id}. `peiling lijst` toont de open peilingen.
poll-duplicate-option = De optie "{$option}" staat er twee keer.
poll-option-count = Een peiling heeft 2 tot 20 opties nodig, niet {$count}. Zet elke optie tussen "aanhalingstekens".
poll-closes-once = Een peiling sluit één keer: geef één tijdstip, zoals sluit:2h.
poll-bad-choice = `{$got}` is geen optie: kies nummers van 1 tot {$count}.
poll-single-choice = Peiling #{$id} neemt één keuze.
poll-is-closed = Peiling #{$id} is gesloten; er kan niet meer gestemd worden.
poll-vote-cleared = Je stem in peiling #{$id} is ingetrokken.
poll-voted = Je stem in peiling #{$id}: {$choices}. Je kunt hem wijzigen tot de peiling sluit.
poll-not-yours = Alleen de maker van peiling #{$id}, een begeleider van de kring of een beheerder kan dat.
poll-results-hidden = De resultaten van peiling #{$id} zijn verborgen tot ze sluit.
poll-list-empty = Er zijn hier geen open peilingen. Start er een met `peiling aanmaken "Vraag?" "Ja" "Nee"`.
poll-list-header = { $count ->
    [one] 1 open peiling:
   *[other] {$count} open peilingen:
}
poll-exported = Peiling #{$id} geëxporteerd als CSV.
limit-reminders-member = Je hebt al {$max} herinneringen, het maximum voor één persoon. Annuleer er eerst een met `herinner annuleren <id>` (`herinner lijst` toont ze).
limit-reminders-community = Deze gemeenschap heeft al {$max} geplande herinneringen, het maximum. Vraag een beheerder oude op te ruimen.
limit-polls-member = Je hebt al {$max} open peilingen, het maximum voor één persoon. Sluit er eerst een met `peiling sluiten <id>`.
limit-polls-community = Deze gemeenschap heeft al {$max} open peilingen, het maximum. Sluit er een paar voor je een nieuwe opent.
dm-closed-notice = Je privéberichten staan uit, daarom noem ik je hier. Sta privéberichten van leden van deze server toe om herinneringen privé te krijgen.
poll-ballot-offer = Privé stemmen
poll-ballot-sent = Ik heb je een privéstembiljet voor peiling #{$id} gestuurd in ons privégesprek: je antwoord blijft tussen ons.
poll-ballot-header = Je privéstembiljet voor peiling #{$id}: **{$question}**. Niemand anders ziet wat je kiest; je kunt het wijzigen tot de peiling sluit.
