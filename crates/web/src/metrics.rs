//! Prometheus metrics, kept in memory and written in the text exposition format.
//! Labels are the route template, never the path, so no tracking code or id leaks into
//! a metric.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    buckets: [AtomicU64; BUCKETS.len()],
    duration_count: AtomicU64,
    duration_sum_micros: AtomicU64,
    signin_failures: AtomicU64,
}

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        {
            let mut map = self.requests.lock().unwrap_or_else(|e| e.into_inner());
            *map.entry((method.to_owned(), route.to_owned(), status))
                .or_insert(0) += 1;
        }
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.duration_count.fetch_add(1, Ordering::Relaxed);
        self.duration_sum_micros
            .fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
    }

    pub fn signin_failed(&self) {
        self.signin_failures.fetch_add(1, Ordering::Relaxed);
    }

    /// The exposition text; `extra` lines (gauges read from the database) are appended.
    pub fn render(&self, extra: &str) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP prongsai_http_requests_total HTTP requests by route template and status.\n",
        );
        out.push_str("# TYPE prongsai_http_requests_total counter\n");
        for ((method, route, status), n) in self
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let _ = writeln!(
                out,
                "prongsai_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                route.replace('\\', "\\\\").replace('"', "\\\"")
            );
        }
        out.push_str("# HELP prongsai_http_request_duration_seconds Time to answer a request.\n");
        out.push_str("# TYPE prongsai_http_request_duration_seconds histogram\n");
        for (i, bound) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "prongsai_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                self.buckets[i].load(Ordering::Relaxed)
            );
        }
        let count = self.duration_count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "prongsai_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            out,
            "prongsai_http_request_duration_seconds_sum {}",
            self.duration_sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(out, "prongsai_http_request_duration_seconds_count {count}");
        out.push_str("# HELP prongsai_signin_failures_total Failed sign-in attempts.\n");
        out.push_str("# TYPE prongsai_signin_failures_total counter\n");
        let _ = writeln!(
            out,
            "prongsai_signin_failures_total {}",
            self.signin_failures.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# TYPE prongsai_build_info gauge\nprongsai_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        );
        out.push_str(extra);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_cumulative_buckets() {
        let m = Metrics::default();
        m.observe("GET", "/documents/{id}", 200, 0.003);
        m.observe("GET", "/documents/{id}", 200, 0.2);
        let text = m.render("");
        assert!(text.contains(
            "prongsai_http_requests_total{method=\"GET\",route=\"/documents/{id}\",status=\"200\"} 2"
        ));
        assert!(text.contains("prongsai_http_request_duration_seconds_bucket{le=\"0.005\"} 1"));
        assert!(text.contains("prongsai_http_request_duration_seconds_bucket{le=\"0.25\"} 2"));
        assert!(text.contains("prongsai_http_request_duration_seconds_count 2"));
    }
}
