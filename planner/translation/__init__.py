"""Language versions of the meeting's documents: translation units per paragraph, their state against the original,
XLIFF for the language services, and the refusal to issue a version that is not complete."""
