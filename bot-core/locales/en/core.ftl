## Shared: command words, options, parsing, help, the console
seg-help = help
seg-create = create
seg-join = join
seg-leave = leave
seg-list = list
seg-info = info
seg-add = add
seg-remove = remove
seg-host = host
seg-archive = archive
seg-show = show
seg-timezone = timezone
seg-language = language
seg-community = community
cmd-help = Show the commands, or how to use one
opt-command = command
opt-name = name
opt-topic = topic
opt-capacity = capacity
opt-kind = kind
opt-member = member
opt-role = role
opt-zone = zone
opt-language = language
optdesc-command = The command to explain
optdesc-name = The circle's name (up to 100 characters)
optdesc-topic = What the circle is about
optdesc-capacity = How many members it can hold (default 8)
optdesc-kind = Group mentoring, peer mentoring or team mentoring
optdesc-member = A member of this community
optdesc-role = The member's role in the circle
optdesc-zone = An IANA time zone, such as Europe/Paris
optdesc-language = English, French or Dutch
choice-kind-group = group
choice-kind-peer = peer
choice-kind-team = team
choice-role-mentor = mentor
choice-role-mentee = mentee
choice-role-peer = peer
choice-role-host = host
parse-empty = Type a command, or `help` to see them all.
parse-unclosed-quote = A quote is not closed. Put names with spaces in "double quotes".
parse-unknown-command = I don't know the command `{$input}`. Type `help` to see them all.
parse-unknown-command-suggest = I don't know the command `{$input}`. Did you mean `{$suggestion}`?
parse-unknown-subcommand = `{$group}` has no `{$input}`. Choose one of: {$subcommands}.
parse-unknown-subcommand-suggest = I don't know `{$input}`. Did you mean `{$suggestion}`?
parse-missing-subcommand = `{$group}` needs one more word: {$subcommands}.
parse-missing-argument = `{$option}` is missing. Usage: `{$usage}`
parse-unexpected-argument = I didn't expect `{$extra}`. Put names with spaces in "double quotes". Usage: `{$usage}`
parse-unknown-option = This command has no option `{$name}`. Usage: `{$usage}`
parse-unknown-option-suggest = This command has no option `{$name}`. Did you mean `{$suggestion}`?
parse-duplicate-option = `{$option}` is given twice.
parse-not-an-integer = `{$option}` must be a whole number from {$min} to {$max}, not `{$got}`.
parse-too-long = `{$option}` is too long: at most {$max} characters.
parse-invalid-choice = `{$got}` is not a valid `{$option}`. Choose one of: {$allowed}. Closest: {$suggestion}
parse-unknown-timezone = `{$got}` is not a time zone I know. Use an IANA name such as Europe/Paris or America/New_York.
parse-unknown-timezone-suggest = `{$got}` is not a time zone I know. Did you mean `{$suggestion}`?
parse-unknown-language = I don't speak `{$got}` yet. Choose English (en), French (fr) or Dutch (nl).
text-empty = { $what ->
    [name] The name
    [text] The reminder text
    [note] The note
    [goal] The goal
    [question] The question
    [option] An option
   *[other] The topic
} can't be empty.
text-too-long = { $what ->
    [name] The name
    [text] The reminder text
    [note] The note
    [goal] The goal
    [question] The question
    [option] An option
   *[other] The topic
} is too long: at most {$max} characters.
text-invalid-character = { $what ->
    [name] The name
    [text] The reminder text
    [note] The note
    [goal] The goal
    [question] The question
    [option] An option
   *[other] The topic
} contains an invisible or control character. Please type it again without it.
action-unknown = This button no longer works. Run the command again.
internal-error = Sorry, something went wrong on my side. Please try again in a moment.
input-nul = Your message contains a NUL character (U+0000), which I can't read. Send it again without it.
permission-admin = Only community admins can use `{$command}`.
permission-host = Only a host of **{$circle}** or an admin can do that.
member-unknown = I don't know a member called *{$name}*. They need to have said something here, or mention them.
member-unknown-suggest = I don't know a member called *{$name}*. Did you mean **{$suggestion}**?
member-ambiguous = { $count ->
   *[other] {$count} members are called *{$name}*. Mention the one you mean.
}
help-header = Commands:
help-header-prefix = Commands (start each with `{$prefix}`):
help-footer = `{$help} circle` lists a group's commands; `{$help} circle create` explains one.
help-named-options = Options can also be given by name, for example `capacity:6`; put text with spaces in "double quotes".
console-welcome = mentorbot console: a local community in which you ({$name}) are an admin. Type `help` for the commands, `as <name>` to speak as someone else, `quit` to leave.
console-as = Now typing as {$name}.
console-as-admin = Now typing as {$name} (admin).
console-as-usage = Usage: `as <name>`, or `as <name> admin`.
console-choice-unknown = There is no choice {$number}: choose from 1 to {$count}.
console-direct = Direct message to {$name}:
console-thread = In the thread “{$title}”:
matrix-cannot-decrypt = I could not decrypt a message in this room, so I cannot answer it. If you want me here, verify my device or share the room keys with it.
run-no-platform = No chat platform is configured, so mentorbot runs the local console. To connect to Discord, set discord.token (or MENTORBOT__DISCORD__TOKEN); for Matrix, set matrix.homeserver_url, matrix.user_id and matrix.password (or MENTORBOT__MATRIX__…). `mentorbot console` starts the console on its own.
