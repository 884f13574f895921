## Commun : mots des commandes, options, lecture, aide, console
seg-help = aide
seg-create = créer
seg-join = rejoindre
seg-leave = quitter
seg-list = liste
seg-info = info
seg-add = ajouter
seg-remove = retirer
seg-host = animer
seg-archive = archiver
seg-show = afficher
seg-timezone = fuseau
seg-language = langue
seg-community = communauté
cmd-help = Afficher les commandes, ou comment en utiliser une
opt-command = commande
opt-name = nom
opt-topic = sujet
opt-capacity = capacité
opt-kind = type
opt-member = membre
opt-role = rôle
opt-zone = fuseau
opt-language = langue
optdesc-command = La commande à expliquer
optdesc-name = Le nom du cercle (100 caractères au plus)
optdesc-topic = Le thème du cercle
optdesc-capacity = Combien de membres il peut accueillir (8 par défaut)
optdesc-kind = Mentorat de groupe, entre pairs ou d'équipe
optdesc-member = Un membre de cette communauté
optdesc-role = Le rôle du membre dans le cercle
optdesc-zone = Un fuseau horaire IANA, par exemple Europe/Paris
optdesc-language = Anglais, français ou néerlandais
choice-kind-group = groupe
choice-kind-peer = pairs
choice-kind-team = équipe
choice-role-mentor = mentor
choice-role-mentee = mentoré
choice-role-peer = pair
choice-role-host = animateur
parse-empty = Tapez une commande, ou `aide` pour les voir toutes.
parse-unclosed-quote = Un guillemet n'est pas fermé. Mettez les noms qui contiennent des espaces entre "guillemets droits".
parse-unknown-command = Je ne connais pas la commande `{$input}`. Tapez `aide` pour les voir toutes.
parse-unknown-command-suggest = Je ne connais pas la commande `{$input}`. Vouliez-vous dire `{$suggestion}` ?
parse-unknown-subcommand = `{$group}` n'a pas de `{$input}`. Choisissez parmi : {$subcommands}.
parse-unknown-subcommand-suggest = Je ne connais pas `{$input}`. Vouliez-vous dire `{$suggestion}` ?
parse-missing-subcommand = `{$group}` attend encore un mot : {$subcommands}.
parse-missing-argument = `{$option}` manque. Utilisation : `{$usage}`
parse-unexpected-argument = Je n'attendais pas `{$extra}`. Mettez les noms qui contiennent des espaces entre "guillemets droits". Utilisation : `{$usage}`
parse-unknown-option = Cette commande n'a pas d'option `{$name}`. Utilisation : `{$usage}`
parse-unknown-option-suggest = Cette commande n'a pas d'option `{$name}`. Vouliez-vous dire `{$suggestion}` ?
parse-duplicate-option = `{$option}` est donné deux fois.
parse-not-an-integer = `{$option}` doit être un nombre entier de {$min} à {$max}, pas `{$got}`.
parse-too-long = `{$option}` est trop long : {$max} caractères au plus.
parse-invalid-choice = `{$got}` n'est pas une valeur valide pour `{$option}`. Choisissez parmi : {$allowed}. La plus proche : {$suggestion}
parse-unknown-timezone = Je ne connais pas le fuseau horaire `{$got}`. Utilisez un nom IANA comme Europe/Paris ou America/Montreal.
parse-unknown-timezone-suggest = Je ne connais pas le fuseau horaire `{$got}`. Vouliez-vous dire `{$suggestion}` ?
parse-unknown-language = Je ne parle pas encore `{$got}`. Choisissez l'anglais (en), le français (fr) ou le néerlandais (nl).
text-empty = { $what ->
    [name] Le nom
    [text] Le texte du rappel
    [note] La note
    [goal] L'objectif
    [question] La question
    [option] Une option
   *[other] Le sujet
} ne peut pas être vide.
text-too-long = { $what ->
    [name] Le nom
    [text] Le texte du rappel
    [note] La note
    [goal] L'objectif
    [question] La question
    [option] Une option
   *[other] Le sujet
} est trop long : {$max} caractères au plus.
text-invalid-character = { $what ->
    [name] Le nom
    [text] Le texte du rappel
    [note] La note
    [goal] L'objectif
    [question] La question
    [option] Une option
   *[other] Le sujet
} contient un caractère invisible ou de contrôle. Retapez-le sans ce caractère.
action-unknown = Ce bouton ne fonctionne plus. Relancez la commande.
internal-error = Désolé, un problème est survenu de mon côté. Réessayez dans un instant.
input-nul = Votre message contient un caractère NUL (U+0000), que je ne peux pas lire. Renvoyez-le sans ce caractère.
permission-admin = Seuls les admins de la communauté peuvent utiliser `{$command}`.
permission-host = Seul un animateur de **{$circle}** ou un admin peut faire cela.
member-unknown = Je ne connais aucun membre nommé *{$name}*. Il doit avoir déjà écrit ici, ou mentionnez-le.
member-unknown-suggest = Je ne connais aucun membre nommé *{$name}*. Vouliez-vous dire **{$suggestion}** ?
member-ambiguous = { $count ->
   *[other] {$count} membres s'appellent *{$name}*. Mentionnez celui que vous voulez dire.
}
help-header = Commandes :
help-header-prefix = Commandes (commencez chacune par `{$prefix}`) :
help-footer = `{$help} cercle` liste les commandes d'un groupe ; `{$help} cercle créer` en explique une.
help-named-options = Les options peuvent aussi être données par leur nom, par exemple `capacité:6` ; mettez le texte avec des espaces entre "guillemets droits".
console-welcome = Console mentorbot : une communauté locale dont vous ({$name}) êtes admin. Tapez `aide` pour les commandes, `as <nom>` pour parler au nom de quelqu'un d'autre, `quit` pour sortir.
console-as = Vous écrivez maintenant en tant que {$name}.
console-as-admin = Vous écrivez maintenant en tant que {$name} (admin).
console-as-usage = Utilisation : `as <nom>`, ou `as <nom> admin`.
console-choice-unknown = Il n'y a pas de choix {$number} : choisissez de 1 à {$count}.
console-direct = Message privé pour {$name} :
console-thread = Dans le fil « {$title} » :
matrix-cannot-decrypt = Je n’ai pas pu déchiffrer un message dans ce salon, je ne peux donc pas y répondre. Pour que je participe, vérifiez mon appareil ou partagez-lui les clés du salon.
run-no-platform = Aucune plateforme de discussion n'est configurée : mentorbot lance la console locale. Pour Discord, définissez discord.token (ou MENTORBOT__DISCORD__TOKEN) ; pour Matrix, matrix.homeserver_url, matrix.user_id et matrix.password (ou MENTORBOT__MATRIX__…). `mentorbot console` lance la console seule.
