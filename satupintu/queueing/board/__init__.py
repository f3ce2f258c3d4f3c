"""The TV display board of an MPP: its reads (`selectors`: the snapshot, labels, running
text) and its one write (`services`: the running text), its state and events (`snapshot`),
what it says aloud (`speech`), the screen drawn by the server (`screen`), the live streams
(`streams`, the console's too), its pages (`pages`) and its JSON (`api`)."""
