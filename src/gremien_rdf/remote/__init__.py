"""Talking to servers: one HTTP client with deadlines, retries, size limits and redacted
secrets (client), and HTTP Basic/Digest authentication (httpauth)."""
