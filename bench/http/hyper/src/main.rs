//! tokio + hyper 0.14 peer for bench/http: 127.0.0.1:<port>, GET /plaintext and POST /echo.
//! Usage: bench-hyper <port>. tokio's multi-thread runtime sizes itself to the CPUs the process may run on
//! (one under `taskset -c 0`).

use hyper::header::{HeaderValue, CONTENT_TYPE, SERVER};
use hyper::service::{make_service_fn, service_fn};
use hyper::{Body, Method, Request, Response, Server, StatusCode};
use std::convert::Infallible;
use std::net::SocketAddr;

static HELLO: &[u8] = b"Hello, World!";

async fn handle(req: Request<Body>) -> Result<Response<Body>, hyper::Error> {
    let mut response = match (req.method(), req.uri().path()) {
        (&Method::GET, "/plaintext") => {
            let mut r = Response::new(Body::from(HELLO));
            r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
            r
        }
        (&Method::POST, "/echo") => {
            let body = hyper::body::to_bytes(req.into_body()).await?;
            let mut r = Response::new(Body::from(body));
            r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
            r
        }
        _ => {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::NOT_FOUND;
            r
        }
    };
    // hyper writes Date itself.
    response.headers_mut().insert(SERVER, HeaderValue::from_static("hyper"));
    Ok(response)
}

#[tokio::main]
async fn main() {
    let port: u16 = std::env::args().nth(1).and_then(|p| p.parse().ok()).unwrap_or(8080);
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let make = make_service_fn(|_conn| async { Ok::<_, Infallible>(service_fn(handle)) });
    let server = Server::bind(&addr).http1_pipeline_flush(true).serve(make);
    println!("hyper listening on {}", addr);
    if let Err(e) = server.await {
        eprintln!("server error: {}", e);
        std::process::exit(1);
    }
}
