## Réglages
seg-settings = paramètres
cmd-settings = Vos paramètres et ceux de la communauté
cmd-settings-show = Afficher votre langue et votre fuseau horaire
cmd-settings-timezone = Choisir votre fuseau horaire
cmd-settings-language = Choisir votre langue
cmd-settings-community = Valeurs par défaut de la communauté (admins)
cmd-settings-community-language = Choisir la langue par défaut de la communauté (admins)
cmd-settings-community-timezone = Choisir le fuseau horaire par défaut de la communauté (admins)
settings-unset = non défini
settings-show = Langue : {$locale} · Fuseau horaire : {$timezone} (il est {$now})
    Vos choix : langue {$own_locale}, fuseau {$own_timezone}
    Par défaut dans la communauté : langue {$community_locale}, fuseau {$community_timezone}
settings-timezone-set = Votre fuseau horaire est maintenant {$timezone}. Il y est {$now}.
settings-language-set = Je vous parlerai en {$language}.
settings-community-language-set = La langue par défaut de la communauté est maintenant : {$language}.
settings-community-timezone-set = Le fuseau horaire par défaut de la communauté est maintenant {$timezone} ({$now}).
