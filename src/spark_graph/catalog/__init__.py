"""The product catalog and the idea lists members save products into."""
