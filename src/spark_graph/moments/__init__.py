"""Moments: cost-per-action reward campaigns with hard budget caps."""
