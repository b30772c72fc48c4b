"""voices: speech for reader — engines, voices, the speech manager and audio sinks."""
