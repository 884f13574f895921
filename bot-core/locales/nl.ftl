## Opdrachtsegmenten (kleine letters, geen spaties: het zijn ook Discord-namen)
seg-help = hulp
seg-circle = kring
seg-create = aanmaken
seg-join = deelnemen
seg-leave = verlaten
seg-list = lijst
seg-info = info
seg-add = toevoegen
seg-remove = verwijderen
seg-host = begeleiden
seg-archive = archiveren
seg-settings = instellingen
seg-show = tonen
seg-timezone = tijdzone
seg-language = taal
seg-community = gemeenschap

cmd-help = Toon de opdrachten, of hoe je er een gebruikt
cmd-circle = Mentorkringen
cmd-circle-create = Maak een mentorkring aan
cmd-circle-join = Word lid van een kring
cmd-circle-leave = Verlaat een kring
cmd-circle-list = Toon de kringen van deze gemeenschap
cmd-circle-info = Toon de leden en details van een kring
cmd-circle-add = Voeg een lid toe aan een kring (begeleiders en beheerders)
cmd-circle-remove = Verwijder een lid uit een kring (begeleiders en beheerders)
cmd-circle-host = Maak een lid begeleider van een kring (begeleiders en beheerders)
cmd-circle-archive = Archiveer een kring (begeleiders en beheerders)
cmd-settings = Jouw instellingen en die van de gemeenschap
cmd-settings-show = Toon je taal en tijdzone
cmd-settings-timezone = Stel je tijdzone in
cmd-settings-language = Stel je taal in
cmd-settings-community = Standaardwaarden van de gemeenschap (beheerders)
cmd-settings-community-language = Stel de standaardtaal van de gemeenschap in (beheerders)
cmd-settings-community-timezone = Stel de standaardtijdzone van de gemeenschap in (beheerders)

opt-command = opdracht
opt-name = naam
opt-topic = onderwerp
opt-capacity = capaciteit
opt-kind = soort
opt-circle = kring
opt-member = lid
opt-role = rol
opt-zone = zone
opt-language = taal
optdesc-command = De opdracht om uit te leggen
optdesc-name = De naam van de kring (hoogstens 100 tekens)
optdesc-topic = Waar de kring over gaat
optdesc-capacity = Hoeveel leden erin passen (standaard 8)
optdesc-kind = Groepsmentoring, peer-mentoring of teammentoring
optdesc-circle = De naam van de kring
optdesc-member = Een lid van deze gemeenschap
optdesc-role = De rol van het lid in de kring
optdesc-zone = Een IANA-tijdzone, zoals Europe/Amsterdam
optdesc-language = Engels, Frans of Nederlands

choice-kind-group = groep
choice-kind-peer = peers
choice-kind-team = team
choice-role-mentor = mentor
choice-role-mentee = mentee
choice-role-peer = peer
choice-role-host = begeleider

parse-empty = Typ een opdracht, of `hulp` om ze allemaal te zien.
parse-unclosed-quote = Er staat een aanhalingsteken open. Zet namen met spaties tussen "dubbele aanhalingstekens".
parse-unknown-command = Ik ken de opdracht `{$input}` niet. Typ `hulp` om ze allemaal te zien.
parse-unknown-command-suggest = Ik ken de opdracht `{$input}` niet. Bedoelde je `{$suggestion}`?
parse-unknown-subcommand = `{$group}` heeft geen `{$input}`. Kies uit: {$subcommands}.
parse-unknown-subcommand-suggest = Ik ken `{$input}` niet. Bedoelde je `{$suggestion}`?
parse-missing-subcommand = `{$group}` heeft nog een woord nodig: {$subcommands}.
parse-missing-argument = `{$option}` ontbreekt. Gebruik: `{$usage}`
parse-unexpected-argument = Ik verwachtte `{$extra}` niet. Zet namen met spaties tussen "dubbele aanhalingstekens". Gebruik: `{$usage}`
parse-unknown-option = Deze opdracht heeft geen optie `{$name}`. Gebruik: `{$usage}`
parse-unknown-option-suggest = Deze opdracht heeft geen optie `{$name}`. Bedoelde je `{$suggestion}`?
parse-duplicate-option = `{$option}` staat er twee keer.
parse-not-an-integer = `{$option}` moet een geheel getal van {$min} tot {$max} zijn, niet `{$got}`.
parse-too-long = `{$option}` is te lang: hoogstens {$max} tekens.
parse-invalid-choice = `{$got}` is geen geldige `{$option}`. Kies uit: {$allowed}. Dichtstbij: {$suggestion}
parse-unknown-timezone = Ik ken de tijdzone `{$got}` niet. Gebruik een IANA-naam zoals Europe/Amsterdam of Europe/Brussels.
parse-unknown-timezone-suggest = Ik ken de tijdzone `{$got}` niet. Bedoelde je `{$suggestion}`?
parse-unknown-language = Ik spreek nog geen `{$got}`. Kies Engels (en), Frans (fr) of Nederlands (nl).

text-empty = { $what ->
    [name] De naam
    [text] De tekst van de herinnering
    [note] De notitie
    [goal] Het doel
    [question] De vraag
    [option] Een optie
   *[other] Het onderwerp
} mag niet leeg zijn.
text-too-long = { $what ->
    [name] De naam
    [text] De tekst van de herinnering
    [note] De notitie
    [goal] Het doel
    [question] De vraag
    [option] Een optie
   *[other] Het onderwerp
} is te lang: hoogstens {$max} tekens.
text-invalid-character = { $what ->
    [name] De naam
    [text] De tekst van de herinnering
    [note] De notitie
    [goal] Het doel
    [question] De vraag
    [option] Een optie
   *[other] Het onderwerp
} bevat een onzichtbaar of stuurteken. Typ het opnieuw zonder dat teken.

action-unknown = Deze knop werkt niet meer. Voer de opdracht opnieuw uit.
internal-error = Sorry, er ging bij mij iets mis. Probeer het zo meteen opnieuw.
input-nul = Je bericht bevat een NUL-teken (U+0000), dat ik niet kan lezen. Stuur het opnieuw zonder dat teken.
permission-admin = Alleen beheerders van de gemeenschap kunnen `{$command}` gebruiken.
permission-host = Alleen een begeleider van **{$circle}** of een beheerder kan dat doen.

member-unknown = Ik ken geen lid met de naam *{$name}*. Die persoon moet hier al iets gezegd hebben, of vermeld hem of haar.
member-unknown-suggest = Ik ken geen lid met de naam *{$name}*. Bedoelde je **{$suggestion}**?
member-ambiguous = { $count ->
   *[other] {$count} leden heten *{$name}*. Vermeld degene die je bedoelt.
}

circle-unknown = Er is geen kring met de naam *{$name}*. `{$list}` toont ze allemaal.
circle-unknown-suggest = Er is geen kring met de naam *{$name}*. Bedoelde je **{$suggestion}**?
circle-gone = Die kring is gearchiveerd.
circle-name-taken = Er bestaat al een kring met de naam **{$name}**. Kies een andere naam.
circle-created = Kring **{$name}** aangemaakt ({$count}/{$capacity}). Nodig mensen uit met `{$add}`, of doe mee met `{$join}`.
circle-joined = Je bent lid van **{$name}** als {$role} ({$count}/{$capacity}).
circle-already-member = Je zit al in **{$name}** (als {$role}).
circle-full = **{$name}** is vol ({$capacity}/{$capacity}).
circle-not-member = Je zit niet in **{$name}**.
circle-left = Je hebt **{$name}** verlaten ({$count}/{$capacity}).
circle-list-empty = Er zijn nog geen kringen. Een beheerder kan er een aanmaken met `{$create}`.
circle-list-header = { $count ->
    [one] 1 kring:
   *[other] {$count} kringen:
}
circle-list-line = **{$name}** — {$count}/{$capacity} leden · {$kind}{$topic}
circle-list-header-page = {$count} kringen (pagina {$page} van {$pages}):
circle-list-more = `{$next}` toont de volgende pagina.
circle-list-no-page = Er is geen pagina {$page}: de lijst heeft er {$pages}.
opt-page = pagina
optdesc-page = Welke pagina van de lijst (1 is de eerste)
circle-info-header = **{$name}** · {$kind} · {$count}/{$capacity} leden
circle-info-topic = Onderwerp: {$topic}
circle-info-no-members = Nog geen leden.
circle-info-members = Leden: {$members}
circle-info-created = Aangemaakt op {$date}
circle-added = **{$member}** toegevoegd aan **{$name}** als {$role} ({$count}/{$capacity}).
circle-role-changed = **{$member}** is nu {$role} in **{$name}**.
circle-member-already = **{$member}** zit al in **{$name}** (als {$role}).
circle-member-not-in = **{$member}** zit niet in **{$name}**.
circle-removed = **{$member}** verwijderd uit **{$name}** ({$count}/{$capacity}).
circle-already-host = **{$member}** begeleidt **{$name}** al.
circle-host-set = **{$member}** begeleidt nu **{$name}**.
circle-archived = **{$name}** is gearchiveerd. De geschiedenis blijft bewaard en de naam is weer vrij.

button-join = Deelnemen
button-leave = Verlaten
button-checkin = Inchecken
button-info = Details

settings-unset = niet ingesteld
settings-show = Taal: {$locale} · Tijdzone: {$timezone} (nu {$now})
    Jouw keuzes: taal {$own_locale}, tijdzone {$own_timezone}
    Standaard in de gemeenschap: taal {$community_locale}, tijdzone {$community_timezone}
settings-timezone-set = Je tijdzone is nu {$timezone}. Het is daar {$now}.
settings-language-set = Ik spreek voortaan {$language} met je.
settings-community-language-set = De standaardtaal van de gemeenschap is nu {$language}.
settings-community-timezone-set = De standaardtijdzone van de gemeenschap is nu {$timezone} ({$now}).

help-header = Opdrachten:
help-header-prefix = Opdrachten (begin elk met `{$prefix}`):
help-footer = `{$help} kring` toont de opdrachten van een groep; `{$help} kring aanmaken` legt er één uit.
help-named-options = Opties kun je ook bij naam geven, bijvoorbeeld `capaciteit:6`; zet tekst met spaties tussen "dubbele aanhalingstekens".

console-welcome = mentorbot-console: een lokale gemeenschap waarin jij ({$name}) beheerder bent. Typ `hulp` voor de opdrachten, `as <naam>` om als iemand anders te praten, `quit` om te stoppen.
console-as = Je typt nu als {$name}.
console-as-admin = Je typt nu als {$name} (beheerder).
console-as-usage = Gebruik: `as <naam>`, of `as <naam> admin`.
console-choice-unknown = Er is geen keuze {$number}: kies van 1 tot {$count}.
console-direct = Privébericht aan {$name}:
console-thread = In de draad “{$title}”:
matrix-cannot-decrypt = Ik kon een bericht in deze kamer niet ontsleutelen, dus ik kan er niet op antwoorden. Wil je dat ik meedoe, verifieer dan mijn apparaat of deel de kamersleutels ermee.
run-no-platform = Er is geen chatplatform ingesteld, dus mentorbot start de lokale console. Voor Discord stel je discord.token in (of MENTORBOT__DISCORD__TOKEN); voor Matrix matrix.homeserver_url, matrix.user_id en matrix.password (of MENTORBOT__MATRIX__…). `mentorbot console` start alleen de console.

seg-remind = herinner
seg-me = mij
seg-here = hier
seg-member = lid
seg-cancel = annuleren
seg-snooze = uitstellen
seg-pause = pauzeren
seg-resume = hervatten
cmd-remind = Herinneringen
cmd-remind-me = Herinner jezelf (privé)
cmd-remind-here = Herinner dit kanaal
cmd-remind-circle = Herinner een kring in dit kanaal (begeleiders en beheerders)
cmd-remind-member = Herinner een lid met een privébericht
cmd-remind-list = Toon je herinneringen
cmd-remind-cancel = Annuleer een herinnering
cmd-remind-snooze = Word later opnieuw herinnerd
cmd-remind-pause = Pauzeer een terugkerende herinnering
cmd-remind-resume = Hervat een gepauzeerde herinnering
opt-when = wanneer
opt-text = tekst
opt-id = id
opt-duration = duur
optdesc-when = Wanneer: "over 20 minuten", "morgen 9 uur", "elke maandag 18:00", "2026-12-01 14:00"
optdesc-text = Wat ik moet zeggen (hoogstens 1000 tekens)
optdesc-id = Het nummer dat ernaast staat, zoals 12 of #12
optdesc-duration = Hoeveel later: 10m, 1u, 2 dagen
when-unrecognized = Ik kan `{$got}` niet als tijdstip lezen. Probeer "over 20 minuten", "morgen 9 uur", "volgende maandag 18:00", "elke maandag 18:00" of "2026-12-01 14:00".
when-ambiguous = Bedoel je {$morning} of {$evening}? Gebruik de 24-uursklok (bijvoorbeeld 17:00).
when-impossible = `{$got}` is geen bestaande datum of tijd.
when-past = Dat tijdstip is al voorbij ({$at}). Geef een tijdstip in de toekomst.
when-too-far = Dat is te ver vooruit: een herinnering reikt hoogstens tien jaar.
when-not-ahead = `{$got}` telt niet vooruit. Geef een tijd vooruit op, bijvoorbeeld "over 20 minuten".
parse-not-a-duration = `{$got}` is geen tijdsduur. Probeer 10m, 1h of 2 dagen.
remind-set-me = Herinnering **#{$id}** voor jou ingesteld: {$at}. "{$text}"
remind-set-here = Herinnering **#{$id}** voor dit kanaal ingesteld: {$at}. "{$text}"
remind-set-circle = Herinnering **#{$id}** voor **{$who}** ingesteld: {$at}. "{$text}"
remind-set-member = Herinnering **#{$id}** voor **{$who}** ingesteld: {$at}. "{$text}"
remind-recurring-next = {$rule}, volgende op {$next}
remind-not-scheduled = niet gepland
remind-list-empty = Je hebt geen herinneringen. Stel er een in met `herinner mij over 20 minuten strekken`.
remind-list-header = { $count ->
    [one] 1 herinnering:
   *[other] {$count} herinneringen:
}
remind-list-line = **#{$id}** · {$when} · {$text}{ $paused ->
    [yes] {" "}(gepauzeerd)
   *[other] {""}
}
remind-unknown = Je hebt geen herinnering {$id}. `herinner lijst` toont de jouwe.
remind-cancelled = Herinnering #{$id} geannuleerd: "{$text}"
remind-pause-one-off = Herinnering #{$id} gebeurt maar één keer; annuleer haar liever.
remind-already-paused = Herinnering #{$id} is al gepauzeerd.
remind-paused = Herinnering #{$id} is gepauzeerd. `herinner hervatten {$id}` start haar weer.
remind-not-paused = Herinnering #{$id} is niet gepauzeerd.
remind-resumed = Herinnering #{$id} hervat, volgende op {$next}.
remind-snoozed = Ik herinner je er opnieuw aan op {$at} (#{$id}).
remind-fire = Herinnering: {$text}
remind-fire-from = Herinnering van **{$from}**: {$text}
remind-late = { $minutes ->
    [one] (1 minuut te laat: ik was offline.)
   *[other] ({$minutes} minuten te laat: ik was offline.)
}
remind-missed-header = { $count ->
    [one] Terwijl ik offline was, heb je 1 herinnering gemist:
   *[other] Terwijl ik offline was, heb je {$count} herinneringen gemist:
}
remind-missed-line = {$at}: {$text}
button-snooze-10m = Over 10 min
button-snooze-1h = Over 1 uur
button-snooze-tomorrow = Morgen
rule-days = { $n ->
    [one] elke dag
   *[other] elke {$n} dagen
} om {$time}
rule-weekdays = elke werkdag om {$time}
rule-weeks = { $n ->
    [one] elke {$weekday}
   *[other] elke {$n} weken op {$weekday}
} om {$time}
rule-monthly = de { $nth ->
    [1] eerste
    [2] tweede
    [3] derde
    [4] vierde
   *[other] laatste
} {$weekday} van elke maand om {$time}
weekday-mon = maandag
weekday-tue = dinsdag
weekday-wed = woensdag
weekday-thu = donderdag
weekday-fri = vrijdag
weekday-sat = zaterdag
weekday-sun = zondag

seg-checkin = checkin
seg-goal = doel
seg-set = stellen
seg-done = bereikt
seg-nudge = porren
seg-thread = draad
seg-away = afwezig
seg-back = terug
seg-quiet-hours = stille-uren
cmd-checkin = Noteer een bijeenkomst of voortgang (noem eerst een kring voor die van de kring)
cmd-goal = Je doelen
cmd-goal-set = Stel jezelf een doel
cmd-goal-list = Toon je doelen
cmd-goal-done = Markeer een doel als bereikt
cmd-circle-nudge = Por een kring na zoveel dagen zonder checkin (begeleiders en beheerders)
cmd-circle-thread = Open een discussiedraad voor een kring; porren komt daar (begeleiders en beheerders)
cmd-settings-away = Afwezig zijn (geen porren) tot een datum
cmd-settings-back = Je bent terug: porren gaat weer door
cmd-settings-quiet-hours = Uren waarin je niets ontvangt, of "off"
opt-note = notitie
opt-goal = doel
opt-days = dagen
opt-until = tot
opt-hours = uren
optdesc-note = Wat er gebeurde, wat je leerde, wat volgt
optdesc-goal = Het doel (hoogstens 500 tekens)
optdesc-days = Dagen zonder checkin voor het porren (1–365, standaard 14)
optdesc-until = Tot wanneer: "2026-12-24", "volgende maandag"
optdesc-hours = Bijvoorbeeld 22:00-08:00 in je tijdzone, of "off"
checkin-empty = Zeg wat ik moet noteren: `checkin <kring> <notitie>` voor een bijeenkomst van een kring, of `checkin <notitie>` voor jezelf.
checkin-not-member = Je zit niet in **{$name}**, dus je kunt er geen check-ins voor loggen. Word eerst lid met `kring deelnemen`.
checkin-circle = Checkin #{$id} genoteerd voor **{$name}**. Ik por de kring als niemand voor {$next} incheckt.
checkin-personal = Checkin #{$id} genoteerd.
checkin-prompt-title = Check-in: {$name}
checkin-prompt-label = Wat heeft de kring gedaan?
checkin-prompt-text = Vertel me wat **{$name}** heeft gedaan (of gebruik `{$checkin}`).
goal-set = Doel **#{$id}** gesteld: "{$text}". `doel bereikt {$id}` als je het bereikt.
goal-list-empty = Je hebt nog geen doelen. Stel er een met `doel stellen <tekst>`.
goal-list-header = { $count ->
    [one] 1 doel:
   *[other] {$count} doelen:
}
goal-line = **#{$id}** {$text}{ $done ->
    [yes] {" "}(bereikt)
   *[other] {""}
}
goal-unknown = Je hebt geen open doel {$id}. `doel lijst` toont de jouwe.
goal-done = Goed gedaan! Doel #{$id} is bereikt: "{$text}"
nudge-set = **{$name}** wordt geport na {$days} dagen zonder checkin; volgende controle op {$next}.
circle-thread-opened = De discussiedraad van **{$name}** is open; porren voor de kring komt daar.
circle-thread-welcome = Dit is de discussiedraad van **{$name}**. Check hier in met `{$checkin}`.
away-not-recurring = Geef één datum waarop je terug bent, zoals `instellingen afwezig tot 2026-12-24`.
away-set = Je bent afwezig tot {$until}: tot dan port niemand je. `instellingen terug` beëindigt het eerder.
away-cleared = Welkom terug! Porren bereikt je weer.
quiet-cleared = Stille uren staan uit: berichten bereiken je op elk moment.
quiet-invalid = `{$got}` is geen reeks uren. Schrijf het als 22:00-08:00, of "off".
quiet-set = Stille uren ingesteld op {$hours} ({$timezone}): berichten voor jou wachten tot ze voorbij zijn.
nudge-circle = **{$name}** heeft al {$days} dagen geen checkin. Noteer jullie volgende bijeenkomst met `{$checkin}`.
nudge-host = **{$name}**, die jij begeleidt, heeft al {$days} dagen geen checkin. Kun je de kring bij elkaar brengen?
nudge-admin = **{$name}** heeft al {$days} dagen geen checkin en de begeleiders reageerden niet. Misschien is er een nieuwe begeleider nodig.

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
