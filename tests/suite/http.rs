//! `/healthz` and `/metrics` over a real socket.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{Db, Who};
use crate::{bot_or_skip, on_both_databases};

/// A plain HTTP/1.1 GET over a real socket: the whole response as text.
pub(crate) async fn get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

async fn health_and_metrics(db: Db) {
    let bot = bot_or_skip!(db);
    bot.say(&Who::member("Bob"), "circle list").await;
    bot.say(&Who::member("Bob"), "circle jion").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(mentorbot::http::serve(
        listener,
        mentorbot::http::router(bot.engine.clone()),
        async {
            let _ = stopped.await;
        },
    ));

    let health = get(addr, "/healthz").await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with("ok\n"), "{health}");
    let metrics = get(addr, "/metrics").await;
    assert!(metrics.starts_with("HTTP/1.1 200"), "{metrics}");
    assert!(metrics.contains("text/plain; version=0.0.4"), "{metrics}");
    assert!(
        metrics.contains("mentorbot_inputs_total{outcome=\"ok\"} 1\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("mentorbot_inputs_total{outcome=\"refused\"} 1\n"),
        "{metrics}"
    );
    let missing = get(addr, "/nope").await;
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");

    // With the database gone, health says so.
    bot.store().close().await;
    let health = get(addr, "/healthz").await;
    assert!(health.starts_with("HTTP/1.1 503"), "{health}");

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

on_both_databases!(health_and_metrics);

/// `http.metrics_listen` moves `/metrics` to a listener of its own: the
/// main one (which may face the internet) stops serving it.
async fn metrics_on_their_own_listener(db: Db) {
    let bot = bot_or_skip!(db);
    bot.say(&Who::member("Bob"), "circle list").await;
    let config = |metrics_listen: Option<&str>| mentorbot::config::HttpConfig {
        enabled: true,
        listen: "127.0.0.1:0".to_owned(),
        metrics_listen: metrics_listen.map(str::to_owned),
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let listening = mentorbot::http::start(
        &config(Some("127.0.0.1:0")),
        bot.engine.clone(),
        None,
        async {
            let _ = stopped.await;
        },
    )
    .await
    .unwrap();
    let public = listening.addr;
    let private = listening.metrics_addr.expect("a metrics listener");
    assert_ne!(public, private);

    let health = get(public, "/healthz").await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let hidden = get(public, "/metrics").await;
    assert!(hidden.starts_with("HTTP/1.1 404"), "{hidden}");
    let metrics = get(private, "/metrics").await;
    assert!(metrics.starts_with("HTTP/1.1 200"), "{metrics}");
    assert!(
        metrics.contains("mentorbot_inputs_total{outcome=\"ok\"} 1\n"),
        "{metrics}"
    );
    let only_metrics = get(private, "/healthz").await;
    assert!(only_metrics.starts_with("HTTP/1.1 404"), "{only_metrics}");
    stop.send(()).unwrap();
    listening.stopped().await.unwrap();

    // Unset: one listener serves both, as before.
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let listening = mentorbot::http::start(&config(None), bot.engine.clone(), None, async {
        let _ = stopped.await;
    })
    .await
    .unwrap();
    assert_eq!(listening.metrics_addr, None);
    let metrics = get(listening.addr, "/metrics").await;
    assert!(metrics.starts_with("HTTP/1.1 200"), "{metrics}");
    stop.send(()).unwrap();
    listening.stopped().await.unwrap();
}

on_both_databases!(metrics_on_their_own_listener);
