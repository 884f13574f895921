//! Members' availability and matching pause.

use crate::store::{Store, StoreError, with_pool};

impl Store {
    pub async fn set_availability(
        &self,
        community_id: &str,
        user_id: &str,
        availability: Option<&str>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE members SET availability = $3 WHERE community_id = $1 AND user_id = $2",
            )
            .bind(community_id)
            .bind(user_id)
            .bind(availability)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn availability(
        &self,
        community_id: &str,
        user_id: &str,
    ) -> Result<(Option<String>, bool), StoreError> {
        let row: Option<(Option<String>, bool)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT availability, matching_paused FROM members
                 WHERE community_id = $1 AND user_id = $2",
            )
            .bind(community_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.unwrap_or((None, false)))
    }

    pub async fn set_matching_paused(
        &self,
        community_id: &str,
        user_id: &str,
        paused: bool,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE members SET matching_paused = $3 WHERE community_id = $1 AND user_id = $2",
            )
            .bind(community_id)
            .bind(user_id)
            .bind(paused)
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
