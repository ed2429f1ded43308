"""The social side of Spark: topics, interests, follows, posts, smiles, comments, polls."""
