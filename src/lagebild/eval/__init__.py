"""Scorers and gold loaders behind `lagebild eval ...`."""
