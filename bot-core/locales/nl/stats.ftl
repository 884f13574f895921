## Programmacijfers
seg-stats = cijfers
cmd-stats = Programmacijfers: deelname, bijeenkomsten, behoud, tevredenheid, belasting van mentoren
cmd-stats-show = De cijfers van het programma over een periode, elk met de verandering (`cijfers` alleen doet hetzelfde)
cmd-stats-export = De cijfers van het programma als CSV
opt-period = periode
optdesc-period = De laatste 30 dagen (standaard), de laatste 90 dagen, of het huidige trimester
choice-period-30d = 30d
choice-period-90d = 90d
choice-period-term = trimester
stats-not-allowed = Programmacijfers zijn voor beheerders, en voor hosts over hun eigen kringen: noem een kring die je host.
stats-scope-community = de hele community
stats-scope-circle = kring {$name}
stats-scope-hosted = { $count ->
    [one] de kring die je host
   *[other] de {$count} kringen die je host
}
stats-period-days = de laatste {$days} dagen
stats-period-term = dit trimester (sinds {$since})
stats-header = **Programmacijfers: {$scope}, {$period}** ({$from} tot {$to})
stats-participation = Deelname: {$active} van {$members} leden actief ({$percent}%)
stats-meetings = Bijeenkomsten per kring per maand: {$rate} ({$meetings} bijeenkomsten in {$circles} kringen)
stats-checkin-rate = Check-inpercentage: {$met} van {$circles} kringen checkten in ({$percent}%)
stats-rounds = Intervisierondes gehouden: {$count}
stats-goals = Doelen bereikt: {$done} van {$goals} ({$percent}%)
stats-retention = Behoud: {$parts}
stats-retention-part = na {$weeks} weken {$percent}% ({$kept} van {$reached})
stats-retention-nobody = na {$weeks} weken heeft niemand dat punt bereikt
stats-satisfaction = Tevredenheid: {$mean} van 5 ({$count} antwoorden op schaalvragen)
stats-satisfaction-none = Tevredenheid: geen schaalvraag had genoeg antwoorden om getoond te worden
stats-enps = eNPS: {$enps} ({$count} antwoorden)
stats-enps-none = eNPS: geen 0–10-vraag had genoeg antwoorden om getoond te worden
stats-load = Belasting van mentoren: {$mentors} mentoren, {$mentees} mentees per mentor (hoogste: {$mentees_max}), {$sessions} sessies per mentor in de periode (hoogste: {$sessions_max})
stats-load-none = Belasting van mentoren: geen kring heeft zowel een mentor als een mentee
stats-at-risk = Kringen in gevaar: { $count ->
    [0] geen
   *[other] {$count}
}
stats-at-risk-line = {$name}: {$days} dagen zonder bijeenkomst (herinnering na {$nudge})
stats-at-risk-more = en nog {$count} (allemaal in `cijfers exporteren`)
stats-change-up = {$by} hoger dan {$was}
stats-change-down = {$by} lager dan {$was}
stats-change-same = zoals in de periode ervoor
stats-change-none = niets om mee te vergelijken in de periode ervoor
stats-points = { $count ->
    [one] 1 punt
   *[other] {$count} punten
}
stats-footer = Wat elk cijfer betekent: `{$help}`.
stats-chart-title = Percentages van het programma (%)
stats-chart-alt = Staafdiagram van de percentages van het programma: {$values}.
stats-bar-participation = Deelname
stats-bar-checkin-rate = Check-inpercentage
stats-bar-goals = Doelen bereikt
stats-bar-retention = Behoud {$weeks} weken
stats-bar-value-was = {$percent}% (was {$was}%)
stats-exported = De cijfers van het programma, als CSV.
stats-definitions = **Wat de cijfers betekenen.** Elk vergelijkt de periode (30 of 90 dagen, of het trimester: sinds 1 september, 1 januari of 1 april) met de even lange periode ervoor.
    Bereik: de actieve kringen, de genoemde kring, of die van een host. Leden: wie er nu in zit en voor het einde van de periode bij kwam. Actief: incheckte, aan een ronde meedeed of erin schreef, of een doel stelde of bereikte (voor kringen: alleen hun check-ins en rondes).
    Deelname: actieve leden ÷ leden.
    Bijeenkomsten per kring per maand: dagen waarop een kring incheckte of een ronde afrondde ÷ kringen, per 30 dagen.
    Check-inpercentage: kringen die minstens één keer bijeenkwamen ÷ kringen.
    Rondes gehouden: afgeronde rondes (niet geannuleerd).
    Doelen bereikt: bereikte doelen ÷ doelen van de leden die in de periode open stonden.
    Behoud na 4, 8 en 12 weken: van wie de 4, 8 of 12 weken sinds de eerste kring in de periode vielen, het deel dat actief was in de twee weken ervoor of daarna.
    Tevredenheid: gemiddelde van de antwoorden op schaalvragen (1–5) van peilingen die in de periode opengingen (niet het oordeel van mentoren over voortgang), alleen vragen met minstens k antwoorden.
    eNPS: promotors min criticasters, in % van de antwoorden op 0–10-vragen (grenzen van elke peiling, dezelfde k-regel).
    Belasting van mentoren (nu): mentoren en hosts van kringen met mentees; hun mentees en de bijeenkomsten van hun kringen.
    Kringen in gevaar: laatste bijeenkomst (of begin) langer geleden dan hun herinneringstermijn.
