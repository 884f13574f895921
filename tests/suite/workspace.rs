//! Habits of the workspace that tools do not check by themselves.

/// Every crate takes each dependency from `[workspace.dependencies]`, so one
/// version (and one feature set) is chosen in one place.
#[test]
fn every_dependency_comes_from_the_workspace() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    let mut stray = Vec::new();
    for manifest in [
        "Cargo.toml",
        "bot-core/Cargo.toml",
        "discord-adapter/Cargo.toml",
        "matrix-adapter/Cargo.toml",
        "testkit/Cargo.toml",
    ] {
        let text = std::fs::read_to_string(root.join(manifest)).unwrap();
        let mut in_deps = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                in_deps = matches!(
                    line,
                    "[dependencies]" | "[dev-dependencies]" | "[build-dependencies]"
                );
                continue;
            }
            if !in_deps || line.is_empty() || line.starts_with('#') {
                continue;
            }
            checked += 1;
            let name = line.split(['.', ' ', '=']).next().unwrap_or_default();
            let from_workspace = line.starts_with(&format!("{name}.workspace = true"))
                || line.contains("workspace = true");
            if !from_workspace {
                stray.push(format!("{manifest}: {line}"));
            }
        }
    }
    assert!(
        checked > 30,
        "only {checked} dependencies found: is the scan broken?"
    );
    assert!(
        stray.is_empty(),
        "not from [workspace.dependencies]: {stray:#?}"
    );
}
