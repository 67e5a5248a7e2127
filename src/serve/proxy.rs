//! The HTTP side of `serve --edit`: `POST BASE/__ltc-hub/api/v1?token=…` with a JSON body
//! `{action, params}`, as Decap CMS's proxy backend sends it. Refused with 403 before anything
//! is read: a request to another host name (as every request of `serve`), one without the
//! token or with another, and one whose `Origin` is another site. The action itself runs in
//! blocking code ([`super::edit::Editor::act`]); its refusals are `{"error": "…"}`, the text
//! Decap shows in the form.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::Response;
use serde_json::{Value as J, json};

use super::edit::{Refusal, token_matches};
use super::http::{Shared, foreign_host};

/// The largest request body: an upload, base64-encoded.
pub(super) const BODY_LIMIT: usize = 64 << 20;

pub(super) async fn api(State(shared): State<Arc<Shared>>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(refused) = foreign_host(&shared, &uri, &headers) {
        return refused;
    }
    let Some(editor) = shared.editor.clone() else {
        return answer(StatusCode::NOT_FOUND, &json!({"error": "not found"}));
    };
    let token = uri.query().unwrap_or("").split('&').find_map(|kv| kv.strip_prefix("token=")).unwrap_or("");
    if !token_matches(token, &editor.token) {
        let error = "This editor's address is not the one `ltc-hub serve --edit` printed: open that address (it carries the token that lets the form save).";
        return answer(StatusCode::FORBIDDEN, &json!({"error": error}));
    }
    let origin = headers.get(header::ORIGIN).map(|o| o.to_str().unwrap_or("\u{fffd}"));
    if let Some(origin) = origin {
        let authority = origin.strip_prefix("http://").unwrap_or("\u{fffd}");
        if !shared.hosts.allows(Some(authority)) {
            return answer(
                StatusCode::FORBIDDEN,
                &json!({"error": format!("requests from {origin} may not edit this site")}),
            );
        }
    }
    let request: J = match serde_json::from_slice(&body) {
        Ok(j) => j,
        Err(e) => return answer(StatusCode::BAD_REQUEST, &json!({"error": format!("the request is not JSON: {e}")})),
    };
    let action = request.get("action").and_then(J::as_str).unwrap_or("").to_string();
    let params = request.get("params").cloned().unwrap_or(J::Null);
    let done = tokio::task::spawn_blocking(move || editor.act(&action, &params)).await;
    match done {
        Ok(Ok(value)) => answer(StatusCode::OK, &value),
        Ok(Err(Refusal { status, message })) => {
            answer(StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST), &json!({"error": message}))
        }
        Err(_) => answer(StatusCode::INTERNAL_SERVER_ERROR, &json!({"error": "the editor stopped"})),
    }
}

fn answer(code: StatusCode, body: &J) -> Response {
    let mut r = Response::new(axum::body::Body::from(body.to_string()));
    *r.status_mut() = code;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}
