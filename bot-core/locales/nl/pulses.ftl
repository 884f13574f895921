## Pulsepeilingen
seg-pulse = pulse
seg-question = vraag
seg-schedule = plannen
seg-answer = antwoorden
cmd-pulse = Pulsepeilingen: een paar vragen, telkens opnieuw gesteld en privé beantwoord
cmd-pulse-create = Stel een pulse op als concept, leeg of vanuit een sjabloon
cmd-pulse-question = De vragen van een pulse in concept
cmd-pulse-question-add = Voeg een vraag toe aan een pulse in concept
cmd-pulse-question-remove = Verwijder een vraag uit een pulse in concept
cmd-pulse-show = Toon de vragen en de planning van een pulse
cmd-pulse-schedule = Verstuur een pulse nu of later, één keer of herhaald, naar een kring, een rol of iedereen
cmd-pulse-answer = Beantwoord een pulsevraag door te typen (de knoppen doen hetzelfde)
cmd-pulse-results = De resultaten van een meting (alleen vanaf k antwoorden) en de trend
cmd-pulse-list = De pulses die je beheert
cmd-pulse-pause = Pauzeer een terugkerende pulse (geen nieuwe metingen)
cmd-pulse-resume = Hervat een gepauzeerde pulse
cmd-pulse-close = Sluit een pulse definitief (een open meting sluit meteen)
cmd-pulse-export = Exporteer de resultaten van een pulse als CSV
opt-title = titel
opt-template = sjabloon
opt-privacy = privacy
opt-k = k
opt-promoters = promotors
opt-passives = passieven
opt-type = soort
opt-options = opties
opt-number = nummer
opt-to = voor
opt-open = open
opt-remind = herinnering
opt-answer = antwoord
opt-run = meting
optdesc-title = De titel van de pulse (hoogstens 120 tekens)
optdesc-template = Begin met een kant-en-klare set vragen
optdesc-privacy = Anoniem (standaard: niemand ziet wie wat antwoordde) of op naam
optdesc-k = Resultaten verschijnen pas vanaf zoveel antwoorden (3 of meer; standaard 3)
optdesc-promoters = Scores vanaf dit getal tellen als promotors (standaard 9)
optdesc-passives = Scores vanaf dit getal tot de promotors tellen als passieven (standaard 7)
optdesc-type = schaal (1–5), score (0–10), één keuze, meerdere keuzes of vrije tekst
optdesc-options = Voor één of meerdere keuzes: 2 tot 20 opties; voor een schaal: de labels van de twee uitersten
optdesc-number = Het nummer van de vraag
optdesc-to = Wie de pulse krijgt: de hele gemeenschap (standaard), of iedereen met een rol in een kring
optdesc-open = Hoelang elke meting openstaat (standaard 3 dagen)
optdesc-remind = Hoelang voor het sluiten wie niet antwoordde een herinnering krijgt (standaard 1 dag; of "geen")
optdesc-answer = Je antwoord: een getal, getallen voor meerdere keuzes, of je tekst
optdesc-run = Het nummer van de meting (de laatste als je niets opgeeft)
choice-template-mentee-checkup = Check-up voor mentees
choice-template-mentor-load = Belasting van mentors
choice-template-session-feedback = Feedback op een bijeenkomst
choice-template-enps = eNPS van het programma
choice-privacy-anonymous = anoniem
choice-privacy-named = op naam
choice-type-scale = schaal 1–5
choice-type-nps = score 0–10
choice-type-choice = één keuze
choice-type-multi = meerdere keuzes
choice-type-text = vrije tekst
choice-to-community = iedereen
choice-to-mentor = mentors
choice-to-mentee = mentees
choice-to-host = begeleiders
choice-to-peer = peers
choice-to-member = leden
pulse-unknown = Er is hier geen pulse #{$id} die jij beheert.
pulse-limit = Er staan hier te veel pulses open: sluit er eerst een.
pulse-bad-bands = Promotors en passieven zijn scores van 1 tot 10, en passieven beginnen niet hoger dan promotors.
pulse-created = Pulse #{$id} **{$title}** opgesteld als concept ({ $anonymous ->
    [yes] anoniem
   *[other] op naam: bij elk antwoord staat een naam
}, resultaten vanaf {$k} antwoorden) met { $count ->
    [0] nog geen vragen: voeg ze toe met `pulse vraag toevoegen {$id} <soort> "<vraag>" [opties…]`
    [one] 1 vraag
   *[other] {$count} vragen
}. Verstuur hem met `pulse plannen {$id}`.
pulse-not-draft = Pulse #{$id} is al gepland: de vragen veranderen niet meer.
pulse-bad-options = Een vraag van het soort "{$kind}" { $count ->
    [0] heeft opties nodig, en die ontbreken
   *[other] werkt niet met dit aantal opties ({$count})
} (één of meerdere keuzes: 2 tot 20; schaal: geen, of de labels van de twee uitersten; score en tekst: geen).
pulse-too-many-questions = Een pulse heeft hoogstens {$max} vragen.
pulse-question-added = Vraag {$n} ({$kind}) toegevoegd aan pulse #{$id}.
pulse-question-removed = Vraag {$n} verwijderd uit pulse #{$id}.
pulse-no-question = Pulse #{$id} heeft geen vraag {$n}.
pulse-no-questions = Pulse #{$id} heeft nog geen vragen.
pulse-audience-community = Aan: iedereen in de gemeenschap
pulse-audience-circle = Aan: kring **{$circle}**
pulse-audience-role = Aan: alle {$role}
pulse-state-draft = concept
pulse-state-scheduled = gepland
pulse-state-paused = gepauzeerd
pulse-state-closed = gesloten
pulse-show-header = **Pulse #{$id}: {$title}** ({$state}, { $anonymous ->
    [yes] anoniem
   *[other] op naam
}, resultaten vanaf {$k} antwoorden)
pulse-next-run = Volgende meting: {$at}
pulse-admin-audience = Alleen beheerders sturen pulses naar de hele gemeenschap of naar een rol; begeleiders mogen er een naar hun eigen kring sturen (`kring:<naam>`).
pulse-bad-window = Een meting staat tussen 1 uur en 90 dagen open.
pulse-bad-remind = De herinnering komt een tijdje voordat de meting sluit, korter dan de meting zelf ("12 uur", "1 dag"), of "geen".
pulse-overlap = Metingen zo kort na elkaar zouden overlappen: kies een langere herhaling of laat elke meting korter openstaan (`open:`).
pulse-scheduled = Pulse #{$id} **{$title}** is gepland. {$audience}. Eerste meting op {$at}, {$hours} uur open
pulse-paused = Pulse #{$id} is gepauzeerd: geen nieuwe metingen tot `pulse hervatten {$id}`.
pulse-not-scheduled = Pulse #{$id} is niet gepland en kan dus niet gepauzeerd worden.
pulse-not-paused = Pulse #{$id} is niet gepauzeerd.
pulse-resumed = Pulse #{$id} gaat weer verder: volgende meting op {$at}.
pulse-resumed-no-run = Pulse #{$id} gaat weer verder, maar er staat geen meting meer op de planning.
pulse-is-closed = Pulse #{$id} is al gesloten.
pulse-closed = Pulse #{$id} is gesloten{ $runs ->
    [0] .
   *[other] ; de open meting sluit nu en je krijgt de samenvatting.
}
pulse-list-empty = Je beheert hier geen pulses.
pulse-list-header = { $count ->
    [one] 1 pulse:
   *[other] {$count} pulses:
}
pulse-list-line = #{$id} **{$title}** ({$state}, { $runs ->
    [one] 1 meting
   *[other] {$runs} metingen
})
pulse-list-open = open: {$answered} van {$asked} hebben geantwoord, sluit op {$at}
pulse-bad-answer = Vraag {$n} neemt een getal van {$min} tot {$max}.
pulse-not-asked = Deze meting (#{$run}) is niet naar jou gestuurd.
pulse-run-closed = **{$title}** is gesloten: er worden geen antwoorden meer aangenomen.
pulse-answer-cleared = geen antwoord
pulse-answered = Opgeslagen voor **{$title}**, vraag {$n}: {$answer}. {$done} van {$total} beantwoord; je kunt elk antwoord wijzigen tot {$at}.
pulse-prompt-text = Typ je antwoord in het formulier (of `pulse antwoorden {$run} {$n} <je antwoord>`).
pulse-intro = **{$title}**: { $count ->
    [one] 1 vraag
   *[other] {$count} vragen
}, open tot {$at}. Antwoord in willekeurige volgorde en wijzig je antwoorden tot dan. { $anonymous ->
    [yes] Anoniem: niemand, zelfs niet wie deze bot beheert, kan zien wie wat antwoordde; resultaten verschijnen pas als minstens {$k} mensen geantwoord hebben.
   *[other] Op naam: wie deze pulse beheert, ziet wie wat antwoordde.
}
pulse-question-header = **{$n}/{$total}.** {$question}
pulse-scale-ends = {$low} = {$lowlabel} · {$high} = {$highlabel}
pulse-nps-low = helemaal niet waarschijnlijk
pulse-nps-high = zeer waarschijnlijk
pulse-multi-hint = Kies alles wat van toepassing is (druk nog eens om een keuze weg te halen).
pulse-text-hint = Druk op de knop om je antwoord te typen, of stuur hier `pulse antwoorden {$run} {$n} <je antwoord>`.
pulse-text-button = Mijn antwoord schrijven
pulse-reminder = Een herinnering: **{$title}** wacht nog op je antwoorden, tot {$at}. De vragen staan hierboven.
pulse-run-closed-summary = Meting {$run} van pulse #{$id} **{$title}** is gesloten: {$answered} van {$asked} hebben geantwoord ({$percent}%). Zie `pulse resultaten {$id}`.
pulse-no-runs = Pulse #{$id} heeft nog geen meting gehad.
pulse-no-run = Pulse #{$id} heeft geen meting {$run}.
pulse-results-header = **Pulse #{$id}: {$title}**, meting {$run} van {$runs} ({ $state ->
    [open] open tot {$at}
   *[other] gesloten op {$at}
}): {$answered} van {$asked} hebben geantwoord ({$percent}%)
pulse-hidden = Verborgen tot minstens {$k} mensen geantwoord hebben (tot nu toe {$count}).
pulse-mean-median = { $count ->
    [one] 1 antwoord
   *[other] {$count} antwoorden
} · gemiddelde {$mean} · mediaan {$median}
pulse-enps = eNPS {$enps}
pulse-answered-count = { $count ->
    [one] 1 antwoord
   *[other] {$count} antwoorden
}
pulse-count = { $count ->
    [one] 1 antwoord
   *[other] {$count} antwoorden
} ({$percent}%)
pulse-more-texts = …en nog {$count} in de export.
pulse-by-group = Per rol: {$groups}
pulse-groups-hidden = andere rollen verborgen (minder dan {$k} antwoorden per rol, of af te leiden)
pulse-trend-header = **Over de metingen heen**
pulse-run-label = meting {$run}
pulse-change-up = {$by} hoger dan bij meting {$from}
pulse-change-down = {$by} lager dan bij meting {$from}
pulse-change-same = gelijk aan meting {$from}
pulse-chart-alt = Grafiek: {$question}, per meting: {$values}
pulse-exported = De resultaten van pulse #{$id} als CSV (alleen wat minstens k mensen beantwoordden).
pulse-tpl-low = helemaal niet
pulse-tpl-high = helemaal
pulse-tpl-checkup-helping = Hoeveel heb je op dit moment aan de mentoring?
pulse-tpl-not-at-all = helemaal niets
pulse-tpl-a-great-deal = heel veel
pulse-tpl-checkup-confident = Hoe zeker voel je je de laatste tijd in je werk?
pulse-tpl-not-confident = onzeker
pulse-tpl-very-confident = heel zeker
pulse-tpl-checkup-need = Wat zou je nu het meest helpen?
pulse-tpl-need-time = Meer tijd met mijn mentor
pulse-tpl-need-resources = Praktisch materiaal
pulse-tpl-need-peers = Praten met collega’s
pulse-tpl-need-nothing = Niets: het gaat goed
pulse-tpl-checkup-anything = Is er iets wat het programmateam zou moeten weten?
pulse-tpl-load-manageable = Hoe goed is je taak als mentor op dit moment te doen?
pulse-tpl-far-too-much = veel te zwaar
pulse-tpl-very-manageable = prima te doen
pulse-tpl-load-energy = Hoeveel energie heb je nog over voor het mentoren?
pulse-tpl-none-left = helemaal op
pulse-tpl-plenty = genoeg
pulse-tpl-load-easier = Wat zou het mentoren voor jou makkelijker maken?
pulse-tpl-session-useful = Hoe nuttig was je laatste bijeenkomst?
pulse-tpl-not-useful = niet nuttig
pulse-tpl-very-useful = heel nuttig
pulse-tpl-session-on-time = Begon en eindigde die op de geplande tijd?
pulse-tpl-yes = Ja
pulse-tpl-roughly = Min of meer
pulse-tpl-no = Nee
pulse-tpl-session-change = Eén ding om te houden, of te veranderen, voor de volgende keer?
pulse-tpl-enps-recommend = Hoe waarschijnlijk is het dat je dit programma aan een collega aanraadt?
pulse-tpl-enps-reason = Wat is de belangrijkste reden voor je score?
seg-feedback = feedback
seg-mine = mijn
cmd-feedback = Feedback na bijeenkomsten van kringen, in beide richtingen
cmd-feedback-show = De feedback van een kring na zijn bijeenkomsten (begeleiders, beheerders)
cmd-feedback-mine = Wat mentees over jouw bijeenkomsten zeggen (zodra minstens 3 het zeiden)
cmd-circle-feedback = Vraag de leden van een kring na elke bijeenkomst om feedback, of stop ermee
opt-switch = stand
optdesc-switch = on (aan) of off (uit)
choice-switch-on = aan
choice-switch-off = uit
choice-template-mentee-progress = Voortgang van mentees (voor mentoren)
feedback-title-session = Feedback op de bijeenkomst: {$circle}
feedback-title-progress = Voortgang van mentees: {$circle}
feedback-on = Na elke bijeenkomst van **{$circle}** vragen we de mentees hoe het ging en de mentoren hoe hun mentees vooruitgaan.
feedback-off = **{$circle}** krijgt na bijeenkomsten geen vragen om feedback meer.
feedback-none = **{$circle}** heeft nog geen feedback: die wordt gevraagd na elke bijeenkomst (een checkin of een ronde).
feedback-mine-none = Er is nog geen feedback op jouw mentorschap: die komt uit de kringen die je begeleidt of als mentor volgt, na hun bijeenkomsten.
feedback-mine-header = **Feedback op jouw bijeenkomsten**, laatste {$days} dagen: { $runs ->
    [one] {$runs} bijeenkomst
   *[other] {$runs} bijeenkomsten
}, { $count ->
    [one] {$count} antwoord
   *[other] {$count} antwoorden
}
pulse-tpl-progress-goals = Hoe gaan je mentees vooruit richting hun doelen?
pulse-tpl-stuck = vastgelopen
pulse-tpl-strong-progress = flinke vooruitgang
pulse-tpl-progress-engaged = Hoe betrokken waren ze bij deze bijeenkomst?
pulse-tpl-not-engaged = niet betrokken
pulse-tpl-fully-engaged = volledig betrokken
pulse-tpl-progress-next = Wat zou hen nu het meest helpen?
