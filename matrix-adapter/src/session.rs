//! The client: its persistent store and a session that survives restarts
//! (same device, same keys).

use super::*;

pub(crate) fn save_session(client: &Client, path: &std::path::Path) -> Result<()> {
    let session = client
        .matrix_auth()
        .session()
        .context("the Matrix session is missing after login")?;
    let json = serde_json::to_vec(&session)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("saving {}", path.display()))?;
    std::io::Write::write_all(&mut file, &json)?;
    Ok(())
}

impl Matrix {
    /// Builds the client with its persistent store, then restores the saved
    /// session (same device, same keys) or logs in and saves it.
    pub async fn connect(
        engine: Engine,
        config: MatrixConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let store_dir = PathBuf::from(config.store_dir.as_deref().unwrap_or("data/matrix"));
        std::fs::create_dir_all(&store_dir)
            .with_context(|| format!("creating {}", store_dir.display()))?;
        let user_id = UserId::parse(&config.user_id)
            .with_context(|| format!("matrix.user_id {:?} is not a Matrix id", config.user_id))?;
        let client = Client::builder()
            .homeserver_url(&config.homeserver_url)
            .sqlite_store(&store_dir, None)
            .build()
            .await
            .context("building the Matrix client")?;
        let session_file = store_dir.join("session.json");
        let auth = client.matrix_auth();
        if let Ok(saved) = std::fs::read(&session_file) {
            let session: MatrixSession = serde_json::from_slice(&saved)
                .with_context(|| format!("reading {}", session_file.display()))?;
            auth.restore_session(session, RoomLoadSettings::default())
                .await
                .context("restoring the saved Matrix session")?;
        } else if let Some(token) = &config.access_token {
            let device = config
                .device_id
                .as_deref()
                .context("matrix.access_token needs matrix.device_id (the device it belongs to)")?;
            let session = MatrixSession {
                meta: SessionMeta {
                    user_id: user_id.clone(),
                    device_id: device.into(),
                },
                tokens: SessionTokens {
                    access_token: token.expose_secret().to_owned(),
                    refresh_token: None,
                },
            };
            auth.restore_session(session, RoomLoadSettings::default())
                .await
                .context("using matrix.access_token")?;
            save_session(&client, &session_file)?;
        } else if let Some(password) = &config.password {
            let mut login = auth
                .login_username(&user_id, password.expose_secret())
                .initial_device_display_name("mentorbot");
            if let Some(device) = &config.device_id {
                login = login.device_id(device);
            }
            login
                .send()
                .await
                .map_err(|e| anyhow::anyhow!(describe(&e)))
                .context("logging in to Matrix")?;
            save_session(&client, &session_file)?;
        } else {
            bail!("[matrix] needs password or access_token");
        }
        let prefix = config
            .command_prefix
            .clone()
            .unwrap_or_else(|| engine.config().command_prefix.clone());
        let allowed = if config.allowed_inviters.is_empty() {
            vec![format!("@*:{}", user_id.server_name())]
        } else {
            config.allowed_inviters.clone()
        };
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                engine,
                clock,
                prefix,
                allowed,
                warned_undecryptable: Mutex::new(HashSet::new()),
                ballot_answers: Mutex::default(),
                ready: tokio::sync::watch::Sender::new(false),
            }),
        })
    }

    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    pub fn delivery(&self) -> MatrixDelivery {
        MatrixDelivery(self.clone())
    }

    pub(crate) fn own_user(&self) -> Option<OwnedUserId> {
        self.inner.client.user_id().map(ToOwned::to_owned)
    }
}
