"""The demo world: readable data files and the loader that puts them in a database."""
