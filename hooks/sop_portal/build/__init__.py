"""From validated data to the immutable model: the one step factory, district profiles and their resolution, the quiz."""
