## Gedeeld: opdrachtwoorden, opties, lezen, hulp, console
seg-help = hulp
seg-create = aanmaken
seg-join = deelnemen
seg-leave = verlaten
seg-list = lijst
seg-info = info
seg-add = toevoegen
seg-remove = verwijderen
seg-host = begeleiden
seg-archive = archiveren
seg-show = tonen
seg-timezone = tijdzone
seg-language = taal
seg-community = gemeenschap
cmd-help = Toon de opdrachten, of hoe je er een gebruikt
opt-command = opdracht
opt-name = naam
opt-topic = onderwerp
opt-capacity = capaciteit
opt-kind = soort
opt-member = lid
opt-role = rol
opt-zone = zone
opt-language = taal
optdesc-command = De opdracht om uit te leggen
optdesc-name = De naam van de kring (hoogstens 100 tekens)
optdesc-topic = Waar de kring over gaat
optdesc-capacity = Hoeveel leden erin passen (standaard 8)
optdesc-kind = Groepsmentoring, peer-mentoring of teammentoring
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
