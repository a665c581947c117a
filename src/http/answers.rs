//! A short memory of public answers that are expensive to build: a page of Open311 requests
//! holds up to 1,000 of them with their latest notes (about 100 ms of database work and
//! 750 KB of JSON at a million problems), which a link on television would have every
//! visitor rebuild. The same URL in the same language is answered from memory while the
//! answer is younger than `dashboard.max_age_seconds` and this process has changed nothing
//! since (the stats cache's generation; other processes' changes show within the max age,
//! as on the dashboards). Requests that find no answer wait for the one request building
//! it instead of building it sixteen times. `max_age_seconds = 0` turns it off.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Answers kept at most; past this the oldest go (crawlers walking every filter must not
/// grow memory without bound).
const KEPT: usize = 64;

/// The largest answer kept (bigger ones are built every time).
const LARGEST: usize = 4 << 20;

/// One answer as it was sent.
#[derive(Clone)]
struct Kept {
    at: Instant,
    generation: u64,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Kept {
    fn response(&self) -> Response {
        let mut r = Response::new(Body::from(self.body.clone()));
        *r.status_mut() = self.status;
        *r.headers_mut() = self.headers.clone();
        r
    }
}

/// See the module's documentation.
#[derive(Default)]
pub struct Answers {
    slots: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<Kept>>>>>,
}

impl Answers {
    /// The answer for `key`: kept, or built by `make` (one builder at a time per key).
    /// Only a 200 is kept; errors go out as they are.
    pub async fn get<E, F, Fut>(
        &self,
        key: String,
        max_age: Duration,
        generation: u64,
        make: F,
    ) -> Result<Response, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Response, E>>,
    {
        if max_age.is_zero() {
            return make().await;
        }
        let slot = {
            let mut slots = self.slots.lock().expect("answers");
            if !slots.contains_key(&key) && slots.len() >= KEPT {
                let oldest = slots
                    .iter()
                    .filter_map(|(k, s)| Some((k.clone(), s.try_lock().ok()?.as_ref()?.at)))
                    .min_by_key(|(_, at)| *at)
                    .map(|(k, _)| k);
                match oldest {
                    Some(k) => {
                        slots.remove(&k);
                    }
                    None => slots.clear(),
                }
            }
            Arc::clone(slots.entry(key).or_default())
        };
        let mut kept = slot.lock().await;
        if let Some(k) = kept.as_ref()
            && k.generation == generation
            && k.at.elapsed() < max_age
        {
            return Ok(k.response());
        }
        let answer = make().await?;
        if answer.status() != StatusCode::OK {
            return Ok(answer);
        }
        let (parts, body) = answer.into_parts();
        if axum::body::HttpBody::size_hint(&body)
            .upper()
            .is_none_or(|n| n > LARGEST as u64)
        {
            // A stream, or too large to keep: sent as it is.
            return Ok(Response::from_parts(parts, body));
        }
        let Ok(body) = axum::body::to_bytes(body, LARGEST).await else {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return Ok(r);
        };
        let k = Kept {
            at: Instant::now(),
            generation,
            status: parts.status,
            headers: parts.headers,
            body,
        };
        let response = k.response();
        *kept = Some(k);
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    async fn built(n: &AtomicUsize, status: StatusCode) -> Result<Response, ()> {
        let i = n.fetch_add(1, Ordering::SeqCst);
        let mut r = Response::new(Body::from(format!("answer {i}")));
        *r.status_mut() = status;
        Ok(r)
    }

    async fn body(r: Response) -> String {
        let b = axum::body::to_bytes(r.into_body(), 1 << 20).await.unwrap();
        String::from_utf8(b.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn an_answer_is_kept_until_it_is_old_or_this_process_changed_something() {
        let answers = Answers::default();
        let n = AtomicUsize::new(0);
        let long = Duration::from_secs(60);
        let get = |key: &str, age, generation| {
            answers.get(key.to_string(), age, generation, || {
                built(&n, StatusCode::OK)
            })
        };
        assert_eq!(body(get("a", long, 0).await.unwrap()).await, "answer 0");
        assert_eq!(body(get("a", long, 0).await.unwrap()).await, "answer 0");
        // Another URL, a change in this process, an old answer: built again.
        assert_eq!(body(get("b", long, 0).await.unwrap()).await, "answer 1");
        assert_eq!(body(get("a", long, 1).await.unwrap()).await, "answer 2");
        assert_eq!(
            body(get("a", Duration::from_nanos(1), 1).await.unwrap()).await,
            "answer 3"
        );
        // Off: always built.
        assert_eq!(
            body(get("a", Duration::ZERO, 1).await.unwrap()).await,
            "answer 4"
        );
    }

    #[tokio::test]
    async fn errors_are_not_kept_and_the_memory_is_bounded() {
        let answers = Answers::default();
        let n = AtomicUsize::new(0);
        let long = Duration::from_secs(60);
        for _ in 0..2 {
            let r = answers
                .get("bad".into(), long, 0, || built(&n, StatusCode::BAD_REQUEST))
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        }
        assert_eq!(n.load(Ordering::SeqCst), 2);
        for i in 0..(KEPT + 10) {
            answers
                .get(format!("k{i}"), long, 0, || built(&n, StatusCode::OK))
                .await
                .unwrap();
        }
        assert!(answers.slots.lock().unwrap().len() <= KEPT);
    }
}
