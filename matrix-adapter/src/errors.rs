//! Matrix errors: described without secrets, and classified for the scheduler.

use super::*;

pub(crate) fn describe(error: &matrix_sdk::Error) -> String {
    match error.as_client_api_error() {
        Some(api) => format!("homeserver answered {}: {:?}", api.status_code, api.body),
        None => error.to_string(),
    }
}

pub(crate) fn classify(error: &matrix_sdk::Error) -> DeliveryError {
    match error.client_api_error_kind() {
        Some(ErrorKind::LimitExceeded(data)) => {
            let wait = match &data.retry_after {
                Some(matrix_sdk::ruma::api::error::RetryAfter::Delay(d)) => *d,
                _ => BACKOFF,
            };
            DeliveryError::RetryAfter(wait)
        }
        Some(_) => match error.as_client_api_error() {
            Some(api) if api.status_code.is_server_error() => DeliveryError::RetryAfter(BACKOFF),
            _ => DeliveryError::Rejected(describe(error)),
        },
        None => DeliveryError::RetryAfter(BACKOFF),
    }
}

/// How long to wait after a failed send that gave no hint.
pub const BACKOFF: Duration = Duration::from_secs(1);
