"""Files for analysts: the writers and the offline map, with their metadata."""
