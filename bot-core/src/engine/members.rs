//! Turning what someone typed for a person (`@bob`, `<@123>`, `Bob`) into a
//! known member.

use super::{Ctx, Engine, Failure};
use crate::i18n::Text;
use crate::store::MemberRow;
use crate::suggest::closest;

/// The platform id inside a mention, if `raw` is one: Discord `<@123>` /
/// `<@!123>`, or a Matrix id `@alice:example.org`.
fn mention_id(raw: &str) -> Option<&str> {
    if let Some(inner) = raw.strip_prefix("<@").and_then(|r| r.strip_suffix('>')) {
        let id = inner.strip_prefix('!').unwrap_or(inner);
        return (!id.is_empty() && id.chars().all(|c| c.is_ascii_digit())).then_some(id);
    }
    (raw.starts_with('@') && raw.contains(':')).then_some(raw)
}

pub(crate) async fn resolve(
    engine: &Engine,
    ctx: &Ctx<'_>,
    raw: &str,
) -> Result<MemberRow, Failure> {
    let store = engine.store();
    let community = ctx.community();
    let raw = raw.trim();
    let id = mention_id(raw).unwrap_or(raw);

    // People the platform resolved for us may never have spoken yet.
    if let Some(person) = ctx
        .input
        .mentions
        .iter()
        .find(|p| p.user_id == id || p.display_name.eq_ignore_ascii_case(raw))
    {
        store
            .upsert_member(
                community,
                &person.user_id,
                &person.display_name,
                None,
                engine.now(),
            )
            .await?;
        if let Some(member) = store.member(community, &person.user_id).await? {
            return Ok(member);
        }
    }
    if let Some(member) = store.member(community, id).await? {
        return Ok(member);
    }
    let name = raw.strip_prefix('@').unwrap_or(raw);
    let mut named = store.members_named(community, name).await?;
    match named.len() {
        1 => Ok(named.remove(0)),
        0 => {
            let names = store.member_names(community).await?;
            let text = match closest(name, names.iter().map(String::as_str)) {
                Some(best) => Text::new("member-unknown-suggest")
                    .arg("name", name)
                    .arg("suggestion", best),
                None => Text::new("member-unknown").arg("name", name),
            };
            Err(Failure::User(text))
        }
        n => Err(Failure::User(
            Text::new("member-ambiguous")
                .arg("name", name)
                .arg("count", n),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::mention_id;

    #[test]
    fn recognizes_platform_mentions() {
        assert_eq!(mention_id("<@123>"), Some("123"));
        assert_eq!(mention_id("<@!456>"), Some("456"));
        assert_eq!(mention_id("@alice:example.org"), Some("@alice:example.org"));
        assert_eq!(mention_id("<@abc>"), None);
        assert_eq!(mention_id("@bob"), None);
        assert_eq!(mention_id("bob"), None);
    }
}
