"""Payment providers behind one small interface (base.py) and a registry (registry.py); the
local simulator (simulator.py) really signs its callbacks as a SNAP gateway does."""
