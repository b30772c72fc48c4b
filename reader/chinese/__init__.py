"""Chinese text for readers and listeners: script variants, sentences, words, descriptions, speech."""
