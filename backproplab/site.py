"""The lessons as a static HTML site."""
