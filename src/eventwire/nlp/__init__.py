"""Language processing shared by the stages: the spaCy model and the gazetteer.

``model`` loads the spaCy package with the gazetteer entity fixer; ``gazetteer``
holds countries, organisations, media and places from the package's data files.
"""

from eventwire.nlp.model import load_bare_nlp, load_nlp, sentence_of, text_of

__all__ = ["load_bare_nlp", "load_nlp", "sentence_of", "text_of"]
