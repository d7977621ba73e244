"""Leaves at the bottom of the layers: Spanish-language helpers and the domain vocabulary.

Nothing here imports any other package of the project.
"""
