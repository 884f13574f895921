## Check-ins, doelen, beschikbaarheid, porren
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
