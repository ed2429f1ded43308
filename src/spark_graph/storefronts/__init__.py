"""Influencer program, storefronts at vanity URLs, affiliate links and commission."""
