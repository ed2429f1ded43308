"""Members: sign-up, log-in, tokens, Prime membership, roles."""
