"""Advancing each track's best projects of a round into a later round."""
