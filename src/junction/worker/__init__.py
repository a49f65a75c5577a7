"""Background jobs on Huey (ADR 0010): a task registry, the queue chosen by settings (SQLite in
the data directory, or PostgreSQL), enqueueing after commit, and the consumers (inside
`junction serve`, or `junction worker` processes)."""
