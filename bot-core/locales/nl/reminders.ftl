## Herinneringen
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
