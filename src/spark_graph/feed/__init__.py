"""The home feed: posts for the viewer, each with the reason it is there."""
