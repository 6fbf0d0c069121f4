"""`make bench`: how the tracker's reads scale, and how they compare (bench/run.py)."""
