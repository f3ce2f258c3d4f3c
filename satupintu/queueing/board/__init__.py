"""The TV display board of an MPP: its state and events (`snapshot`), what it says aloud
(`speech`), its live streams (`streams`) and its pages (`pages`)."""
