//! The sync loop: resuming from the bot's own token of the last fully
//! handled batch, shutdown that lets the batch in hand finish.

use super::*;

/// Syncs until an error persists: like `Client::sync`, but without its
/// one-second pause between syncs that arrive less than a second apart (a
/// burst of commands would wait a second each). Errors back off 1 s → 30 s.
pub async fn sync_forever(
    client: &Client,
    mut settings: SyncSettings,
) -> Result<(), matrix_sdk::Error> {
    let mut backoff = Duration::from_secs(1);
    loop {
        let result = client.sync_once(settings.clone()).await;
        if let Some(wait) = after_sync(result, &mut settings, &mut backoff)? {
            tokio::time::sleep(wait).await;
        }
    }
}

/// What one sync's result means for a sync loop: on success the next
/// token; on an error worth retrying, how long to wait first (backing off
/// 1 s → 30 s); an unknown token (logged out) ends the loop.
pub(crate) fn after_sync(
    result: Result<matrix_sdk::sync::SyncResponse, matrix_sdk::Error>,
    settings: &mut SyncSettings,
    backoff: &mut Duration,
) -> Result<Option<Duration>, matrix_sdk::Error> {
    match result {
        Ok(response) => {
            *settings = settings.clone().token(response.next_batch);
            *backoff = Duration::from_secs(1);
            Ok(None)
        }
        Err(error) => {
            if error
                .client_api_error_kind()
                .is_some_and(|k| matches!(k, ErrorKind::UnknownToken(_)))
            {
                return Err(error);
            }
            tracing::warn!(error = %describe(&error), "sync failed; retrying");
            let wait = *backoff;
            *backoff = (*backoff * 2).min(Duration::from_secs(30));
            Ok(Some(wait))
        }
    }
}

/// The token of the last sync the store took in (none on a fresh store).
pub(crate) async fn stored_sync_token(client: &Client) -> Option<String> {
    use matrix_sdk::store::{StateStoreDataKey, StateStoreDataValue};
    match client
        .state_store()
        .get_kv_data(StateStoreDataKey::SyncToken)
        .await
    {
        Ok(Some(StateStoreDataValue::SyncToken(token))) => Some(token),
        _ => None,
    }
}

/// Where the token of the last sync batch whose handlers all ran is kept,
/// for this device (a fresh store is a new device, and starts afresh).
pub fn handled_sync_key(device_id: &str) -> String {
    bot_core::platform::state_key(PLATFORM, &handled_state(device_id))
}

/// [`handled_sync_key`] within the adapter's own state.
fn handled_state(device_id: &str) -> String {
    format!("sync-handled:{device_id}")
}

impl Matrix {
    /// Resolves once the first sync is done: from then on every event that
    /// reaches the homeserver is handled (or, on a fresh store, was history).
    pub async fn ready(&self) {
        let mut ready = self.inner.ready.subscribe();
        // The sender lives as long as `self`, so this cannot fail.
        let _ = ready.wait_for(|ready| *ready).await;
    }

    /// Handles events until `shutdown`. On a fresh store the first sync
    /// runs without handlers (nothing sent before the bot's first start is
    /// answered); with a stored sync token the first sync resumes from it
    /// with handlers on, so what was said while the bot was down is
    /// answered once. The SDK stores its token before handlers run, so a
    /// process that dies mid-batch would lose the rest of it: the bot keeps
    /// its own token of the last batch whose handlers all ran, resumes from
    /// that, and each event is received once (`Engine::handle_once`), so
    /// nothing is lost and nothing answered twice. A shutdown lets the
    /// batch in hand finish.
    pub async fn run(&self, shutdown: impl Future<Output = ()>) -> Result<()> {
        let client = &self.inner.client;
        let handled = match self.handled_key() {
            Some(key) => self.memory().state(&key).await.ok().flatten(),
            None => None,
        };
        let resuming = handled.is_some() || stored_sync_token(client).await.is_some();
        if resuming {
            self.register_handlers();
            // Invitations seen by the last run but perhaps not acted on.
            self.consider_pending_invites();
        }
        let since = match handled {
            Some(token) => SyncSettings::default().token(token),
            None => SyncSettings::default(),
        };
        let first = client
            .sync_once(since)
            .await
            .map_err(|e| anyhow::anyhow!(describe(&e)))
            .context("first sync with the homeserver")?;
        self.handled_through(&first.next_batch).await;
        if !resuming {
            // Invitations that arrived before the bot's first start.
            self.consider_pending_invites();
            self.register_handlers();
        }
        self.inner.ready.send_replace(true);
        tracing::info!(user = ?self.own_user(), resuming, "connected to Matrix");
        let settings = SyncSettings::default()
            .token(first.next_batch)
            .timeout(Duration::from_secs(30));
        self.sync_until(settings, shutdown)
            .await
            .map_err(|e| anyhow::anyhow!(describe(&e)))
            .context("syncing with the homeserver")
    }

    pub(crate) fn handled_key(&self) -> Option<String> {
        self.inner
            .client
            .device_id()
            .map(|device| handled_state(device.as_str()))
    }

    /// Every handler of the batch up to `token` has run.
    pub(crate) async fn handled_through(&self, token: &str) {
        let Some(key) = self.handled_key() else {
            return;
        };
        if let Err(error) = self.memory().set_state(&key, token).await {
            tracing::warn!(%error, "could not keep the sync token");
        }
    }

    pub(crate) fn consider_pending_invites(&self) {
        for room in self.inner.client.invited_rooms() {
            let me = self.clone();
            tokio::spawn(async move { me.consider_invite(room, None).await });
        }
    }

    /// [`sync_forever`] until `shutdown`. A sync cancelled after its
    /// response was stored would lose that batch's events, so on shutdown
    /// the long poll is woken (an account-data write) and the sync in hand
    /// finishes, within [`STOP_GRACE`].
    pub(crate) async fn sync_until(
        &self,
        mut settings: SyncSettings,
        shutdown: impl Future<Output = ()>,
    ) -> Result<(), matrix_sdk::Error> {
        let client = &self.inner.client;
        let mut shutdown = std::pin::pin!(shutdown);
        let mut backoff = Duration::from_secs(1);
        loop {
            let mut sync = std::pin::pin!(client.sync_once(settings.clone()));
            let result = tokio::select! {
                result = &mut sync => result,
                () = &mut shutdown => {
                    self.wake_sync().await;
                    if tokio::time::timeout(STOP_GRACE, sync).await.is_err() {
                        tracing::warn!("the last sync did not finish before shutdown");
                    }
                    return Ok(());
                }
            };
            if let Ok(response) = &result {
                self.handled_through(&response.next_batch).await;
            }
            if let Some(wait) = after_sync(result, &mut settings, &mut backoff)? {
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = &mut shutdown => return Ok(()),
                }
            }
        }
    }

    /// Makes the homeserver answer a pending long poll now: any change of
    /// the account's own data ends it.
    pub(crate) async fn wake_sync(&self) {
        use matrix_sdk::ruma::events::GlobalAccountDataEventType;
        static WAKES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = WAKES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let content = json!({"stopping": self.inner.clock.now().timestamp_millis(), "n": n});
        let Ok(raw) = matrix_sdk::ruma::serde::Raw::new(&content) else {
            return;
        };
        let account = self.inner.client.account();
        let write = account.set_account_data_raw(
            GlobalAccountDataEventType::from("org.mentorbot.wake"),
            raw.cast_unchecked(),
        );
        match tokio::time::timeout(STOP_GRACE, write).await {
            Ok(Ok(_)) => {}
            Ok(Err(error)) => {
                tracing::warn!(error = %describe(&error), "waking the last sync before shutdown");
            }
            Err(_) => tracing::warn!("waking the last sync before shutdown timed out"),
        }
    }
}
