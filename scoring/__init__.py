"""The model: pure functions from channel data to scores, explanations and tips.

Nothing in ``scoring`` (outside ``scoring.sources``) does I/O or reads the clock.
"""
