"""Data files: word lists and phrase lists used by the rules."""
