## Settings
seg-settings = settings
cmd-settings = Your settings and the community's
cmd-settings-show = Show your language and time zone
cmd-settings-timezone = Set your time zone
cmd-settings-language = Set your language
cmd-settings-community = Community defaults (admins)
cmd-settings-community-language = Set the community's default language (admins)
cmd-settings-community-timezone = Set the community's default time zone (admins)
settings-unset = not set
settings-show = Language: {$locale} · Time zone: {$timezone} (now {$now})
    Your choices: language {$own_locale}, time zone {$own_timezone}
    Community defaults: language {$community_locale}, time zone {$community_timezone}
settings-timezone-set = Your time zone is now {$timezone}. It is {$now} there.
settings-language-set = I will speak {$language} with you.
settings-community-language-set = The community's default language is now {$language}.
settings-community-timezone-set = The community's default time zone is now {$timezone} ({$now}).
