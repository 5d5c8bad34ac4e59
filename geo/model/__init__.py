"""Plain data and words: the schema, the indicator catalogue, territories, the dataset
container, the view and every text of ours."""
