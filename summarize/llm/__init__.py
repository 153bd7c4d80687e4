"""Model access: backends, the one client factory, the one request builder, cache and retries."""
