## Instellingen
seg-settings = instellingen
cmd-settings = Jouw instellingen en die van de gemeenschap
cmd-settings-show = Toon je taal en tijdzone
cmd-settings-timezone = Stel je tijdzone in
cmd-settings-language = Stel je taal in
cmd-settings-community = Standaardwaarden van de gemeenschap (beheerders)
cmd-settings-community-language = Stel de standaardtaal van de gemeenschap in (beheerders)
cmd-settings-community-timezone = Stel de standaardtijdzone van de gemeenschap in (beheerders)
settings-unset = niet ingesteld
settings-show = Taal: {$locale} · Tijdzone: {$timezone} (nu {$now})
    Jouw keuzes: taal {$own_locale}, tijdzone {$own_timezone}
    Standaard in de gemeenschap: taal {$community_locale}, tijdzone {$community_timezone}
settings-timezone-set = Je tijdzone is nu {$timezone}. Het is daar {$now}.
settings-language-set = Ik spreek voortaan {$language} met je.
settings-community-language-set = De standaardtaal van de gemeenschap is nu {$language}.
settings-community-timezone-set = De standaardtijdzone van de gemeenschap is nu {$timezone} ({$now}).
