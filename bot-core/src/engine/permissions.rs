//! Who may do what, checked in one place: admins (the platform says who is
//! one), a circle's hosts, its members, and whoever created a thing. An
//! admin may do whatever a host or a creator may.

use super::{Ctx, Engine, Failure};
use crate::domain::circle::Role;
use crate::i18n::Text;
use crate::model::escape_markdown;
use crate::store::{CircleRow, StoreError};

/// Whether the speaker hosts circle `circle_id`, or is an admin.
pub(crate) async fn hosts(
    engine: &Engine,
    ctx: &Ctx<'_>,
    circle_id: i64,
) -> Result<bool, StoreError> {
    if ctx.is_admin() {
        return Ok(true);
    }
    let role = engine.store().circle_role(circle_id, ctx.user()).await?;
    Ok(role == Some(Role::Host))
}

/// Nothing unless the speaker hosts `circle` (or is an admin): the
/// localized refusal otherwise.
pub(crate) async fn require_host(
    engine: &Engine,
    ctx: &Ctx<'_>,
    circle: &CircleRow,
) -> Result<(), Failure> {
    if hosts(engine, ctx, circle.id).await? {
        return Ok(());
    }
    Err(Failure::User(
        Text::new("permission-host").arg("circle", escape_markdown(&circle.name)),
    ))
}

/// Whether the speaker is one of circle `circle_id`'s people (any role),
/// or an admin.
pub(crate) async fn belongs(
    engine: &Engine,
    ctx: &Ctx<'_>,
    circle_id: i64,
) -> Result<bool, StoreError> {
    if ctx.is_admin() {
        return Ok(true);
    }
    Ok(engine
        .store()
        .circle_role(circle_id, ctx.user())
        .await?
        .is_some())
}

/// Whether the speaker made the thing `creator_id` made, or is an admin.
pub(crate) fn owns(ctx: &Ctx<'_>, creator_id: &str) -> bool {
    ctx.is_admin() || creator_id == ctx.user()
}
